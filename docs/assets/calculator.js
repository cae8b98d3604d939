// Lan Tỏa — máy tính BHXH tự nguyện, lương hưu, BHYT hộ gia đình. Offline, no library, ES2017.
// The browser twin of generator/model/calculator.py: same rules, same rounding, same texts.
// Every amount is an exact integer (đồng); a product of decimal figures is an exact fraction
// num/den with den a power of ten, rounded once half-up. tests/test_calculator_browser.py
// compares this file with the Python module over a table of generated cases, to the đồng.
(function () {
  "use strict";

  var GROUPS = ["ho-ngheo", "ho-can-ngheo", "dan-toc-thieu-so", "khac"];
  var GROUP_LABELS = {
    "ho-ngheo": "hộ nghèo",
    "ho-can-ngheo": "hộ cận nghèo",
    "dan-toc-thieu-so": "người dân tộc thiểu số",
    "khac": "đối tượng khác"
  };
  var PARAMETER_NAMES = {
    "ty-le-dong": "Tỷ lệ đóng BHXH tự nguyện",
    "chuan-ngheo-nong-thon": "Chuẩn hộ nghèo khu vực nông thôn (thu nhập thấp nhất để đóng)",
    "muc-tham-chieu": "Mức tham chiếu (bằng lương cơ sở)",
    "ho-tro-nha-nuoc": "Nhà nước hỗ trợ tiền đóng, % theo nhóm",
    "thoi-gian-ho-tro-toi-da": "Thời gian được Nhà nước hỗ trợ tối đa",
    "so-nam-toi-thieu-huong-luong-huu": "Số năm đóng tối thiểu để hưởng lương hưu",
    "bhyt-ho-gia-dinh": "Mức đóng BHYT hộ gia đình, người thứ nhất, % mức tham chiếu",
    "tro-cap-thai-san": "Trợ cấp thai sản BHXH tự nguyện",
    "tro-cap-huu-tri-xa-hoi": "Trợ cấp hưu trí xã hội",
    "ho-tro-tinh": "Tỉnh hỗ trợ thêm tiền đóng, % theo nhóm"
  };
  var MONTH_CHOICES = [1, 3, 6, 12];
  var MAX_INCOME_FACTOR = 20;
  var BHYT_RATIOS = [100, 70, 60, 50];
  var BHYT_RATIO_LATER = 40;
  var LAW = "Luật Bảo hiểm xã hội 41/2024/QH15";
  var SOURCE_MAX = LAW + ", Điều 31, Điều 141";
  var SOURCE_AGE = "Bộ luật Lao động 45/2019/QH14, Điều 169; Nghị định 135/2020/NĐ-CP";
  var SOURCE_RATE = LAW + ", Điều 99, Điều 5";
  var SOURCE_LUMP = LAW + ", Điều 102";
  var SOURCE_BHYT_RATIOS = "Nghị định 188/2025/NĐ-CP";
  var MAX_PAID_MONTHS = 720;
  var BIG = Number.MAX_SAFE_INTEGER;

  function CalculationError(message) {
    this.name = "CalculationError";
    this.message = message;
  }
  CalculationError.prototype = Object.create(Error.prototype);

  // ------------------------------------------------------------ exact integer arithmetic

  function safe(n) {
    if (!Number.isSafeInteger(n)) throw new Error("Số quá lớn để tính chính xác");
    return n;
  }

  // A JSON number as an exact fraction {n, d}, d a power of ten ("4.5" → 45/10).
  function dec(value) {
    var text = String(value);
    if (!/^\d+(\.\d+)?$/.test(text)) throw new Error("Số liệu không hợp lệ: " + text);
    var parts = text.split(".");
    var frac = parts[1] || "";
    return { n: safe(parseInt(parts[0] + frac, 10)), d: Math.pow(10, frac.length) };
  }

  // floor(a / b) for non-negative safe integers, exactly.
  function idiv(a, b) {
    var q = Math.floor(a / b);
    while (q * b > a) q -= 1;
    while ((q + 1) * b <= a) q += 1;
    return q;
  }

  // Half-up rounding of num / den (both non-negative integers).
  function roundDiv(num, den) {
    return idiv(safe(2 * num + den), safe(2 * den));
  }

  // round(product of fractions / divisor), half-up, one rounding.
  function mulRound(factors, divisor) {
    var num = 1;
    var den = divisor;
    factors.forEach(function (f) {
      num = safe(num * f.n);
      den = safe(den * f.d);
    });
    return roundDiv(num, den);
  }

  function cmp(a, b) {
    return safe(a.n * b.d) - safe(b.n * a.d);
  }

  function groupValue(value, group) {
    if (value !== null && typeof value === "object") return dec(value[group] === undefined ? 0 : value[group]);
    return dec(value);
  }

  // ------------------------------------------------------------ formatting (as in Python)

  function money(n) {
    var sign = n < 0 ? "-" : "";
    return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function fracText(f) {
    var whole = idiv(f.n, f.d);
    var rest = f.n - whole * f.d;
    if (!rest) return String(whole);
    var digits = String(f.d).length - 1;
    var frac = String(rest);
    while (frac.length < digits) frac = "0" + frac;
    return whole + "," + frac.replace(/0+$/, "");
  }

  function pctText(value) {
    return String(value).replace(".", ",");
  }

  function monthText(index) {
    return "tháng " + ((index % 12) + 1) + "/" + idiv(index, 12);
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = "0" + s;
    return s;
  }

  function monthIso(index) {
    return pad(idiv(index, 12), 4) + "-" + pad((index % 12) + 1, 2);
  }

  function durationText(months) {
    var years = idiv(months, 12);
    var rest = months % 12;
    if (years && rest) return years + " năm " + rest + " tháng";
    return years ? years + " năm" : rest + " tháng";
  }

  function dayText(iso) {
    var p = iso.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }

  function ageText(months) {
    var years = idiv(months, 12);
    var rest = months % 12;
    return rest ? years + " tuổi " + rest + " tháng" : years + " tuổi";
  }

  // ------------------------------------------------------------ timeline lookup

  function entries(timeline, parameter, province) {
    if (province === null || province === undefined) {
      return (timeline.parameters || {})[parameter] || [];
    }
    return ((timeline.provinces || {})[province] || {})[parameter] || [];
  }

  function inForce(entry, day) {
    return entry.start <= day && (entry.end === null || entry.end === undefined || day <= entry.end);
  }

  function find(timeline, parameter, day, province) {
    var list = entries(timeline, parameter, province);
    for (var i = 0; i < list.length; i += 1) {
      if (inForce(list[i], day)) return { value: list[i].value, entries: [list[i]] };
    }
    throw new CalculationError(
      "Chưa có số liệu “" + (PARAMETER_NAMES[parameter] || parameter) + "” áp dụng cho ngày " + dayText(day) + "."
    );
  }

  function findOptional(timeline, parameter, day, province) {
    try {
      return find(timeline, parameter, day, province);
    } catch (error) {
      if (error instanceof CalculationError) return null;
      throw error;
    }
  }

  function unique(items) {
    var seen = [];
    items.forEach(function (item) {
      if (seen.indexOf(item) < 0) seen.push(item);
    });
    return seen;
  }

  function figure(amount, rule, list, extra) {
    return {
      amount: amount,
      rule: rule,
      sources: unique(list.map(function (e) { return String(e.source); }).concat(extra || [])),
      records: unique(list.filter(function (e) { return e.record; }).map(function (e) { return String(e.record); })),
      confirmed: list.every(function (e) { return e.confirmed === undefined ? true : Boolean(e.confirmed); })
    };
  }

  function plainFigure(amount, rule, sources) {
    return { amount: amount, rule: rule, sources: sources || [], records: [], confirmed: true };
  }

  function withSummary(out, figures) {
    out.figures = figures;
    var records = [];
    var confirmed = true;
    Object.keys(figures).forEach(function (key) {
      records = records.concat(figures[key].records);
      confirmed = confirmed && figures[key].confirmed;
    });
    out.records = unique(records).sort();
    out.confirmed = confirmed;
    return out;
  }

  function num(f) {
    // an exact fraction as a JSON number (22 or 40.5), as Python's Decimal → int/float
    return f.n / f.d;
  }

  // ------------------------------------------------------------ contribution

  function checkGroups(groups) {
    if (!groups || !groups.length) throw new CalculationError("Chọn ít nhất một nhóm đối tượng.");
    var unknown = groups.filter(function (g) { return GROUPS.indexOf(g) < 0; });
    if (unknown.length) {
      throw new CalculationError("Nhóm đối tượng không có trong danh mục: " + unknown.join(", ") + ".");
    }
    return groups.slice();
  }

  function limits(timeline, day) {
    var minimum = find(timeline, "chuan-ngheo-nong-thon", day);
    var reference = find(timeline, "muc-tham-chieu", day);
    return { minimum: minimum, reference: reference, maximum: mulRound([dec(reference.value), dec(MAX_INCOME_FACTOR)], 1) };
  }

  function incomeLimits(timeline, day) {
    var l = limits(timeline, day);
    return [mulRound([dec(l.minimum.value)], 1), l.maximum];
  }

  function support(timeline, groups, day, province, gross) {
    var rate = dec(find(timeline, "ty-le-dong", day).value);
    var minimum = dec(find(timeline, "chuan-ngheo-nong-thon", day).value);
    var state = find(timeline, "ho-tro-nha-nuoc", day);
    var ordered = GROUPS.filter(function (g) { return groups.indexOf(g) >= 0; });
    var group = ordered[0];
    ordered.forEach(function (g) {
      if (cmp(groupValue(state.value, g), groupValue(state.value, group)) > 0) group = g;
    });
    var pct = groupValue(state.value, group);
    var amount = mulRound([pct, rate, minimum], 10000);
    var provinceFound = province ? findOptional(timeline, "ho-tro-tinh", day, province) : null;
    var provincePct = { n: 0, d: 1 };
    var provinceAmount = 0;
    if (provinceFound) {
      groups.forEach(function (g) {
        var v = groupValue(provinceFound.value, g);
        if (cmp(v, provincePct) > 0) provincePct = v;
      });
      provinceAmount = Math.min(mulRound([provincePct, rate, minimum], 10000), Math.max(gross - amount, 0));
    }
    return {
      group: group, percent: pct, amount: amount, found: state,
      provincePercent: provincePct, provinceAmount: provinceAmount, provinceFound: provinceFound
    };
  }

  function contribution(timeline, args) {
    var day = args.date;
    var income = args.income;
    var months = args.months === undefined ? 1 : args.months;
    var province = args.province || null;
    var groups = checkGroups(args.groups);
    if (MONTH_CHOICES.indexOf(months) < 0) {
      throw new CalculationError("Phương thức đóng chỉ có thể là 1, 3, 6 hoặc 12 tháng một lần.");
    }
    var l = limits(timeline, day);
    var minimum = mulRound([dec(l.minimum.value)], 1);
    if (!Number.isInteger(income) || income < minimum || income > l.maximum) {
      throw new CalculationError(
        "Thu nhập chọn đóng phải từ " + money(minimum) + " đến " + money(l.maximum) +
        " đồng/tháng (áp dụng ngày " + dayText(day) + ")."
      );
    }
    var rateFound = find(timeline, "ty-le-dong", day);
    var rate = dec(rateFound.value);
    var gross = mulRound([rate, dec(income)], 100);
    var s = support(timeline, groups, day, province, gross);
    var duration = find(timeline, "thoi-gian-ho-tro-toi-da", day);
    var supportMonths = mulRound([dec(duration.value)], 1);
    var net = gross - s.amount - s.provinceAmount;
    var reference = mulRound([dec(l.reference.value)], 1);
    var figures = {
      minimum_income: figure(minimum,
        "Thu nhập thấp nhất = chuẩn hộ nghèo khu vực nông thôn: " + money(minimum) + " đồng/tháng", l.minimum.entries),
      maximum_income: figure(l.maximum,
        "Thu nhập cao nhất = " + MAX_INCOME_FACTOR + " × mức tham chiếu " + money(reference) + " đồng = " +
        money(l.maximum) + " đồng/tháng", l.reference.entries, [SOURCE_MAX]),
      gross: figure(gross,
        fracText(rate) + "% × " + money(income) + " đồng = " + money(gross) + " đồng/tháng", rateFound.entries),
      state_support: figure(s.amount,
        fracText(s.percent) + "% × " + fracText(rate) + "% × " + money(minimum) + " đồng (thu nhập thấp nhất) = " +
        money(s.amount) + " đồng/tháng, mức của nhóm " + GROUP_LABELS[s.group] + "; tối đa " + supportMonths + " tháng",
        s.found.entries.concat(rateFound.entries, l.minimum.entries, duration.entries)),
      province_support: s.provinceFound
        ? figure(s.provinceAmount,
          fracText(s.provincePercent) + "% × " + fracText(rate) + "% × " + money(minimum) + " đồng = " +
          money(s.provinceAmount) + " đồng/tháng", s.provinceFound.entries.concat(l.minimum.entries))
        : plainFigure(0, "Không có hỗ trợ thêm của tỉnh"),
      net: figure(net,
        money(gross) + " − " + money(s.amount) + " − " + money(s.provinceAmount) + " = " + money(net) +
        " đồng/tháng" + (months > 1 ? "; " + months + " tháng: " + money(net * months) + " đồng" : ""), [])
    };
    var out = {
      date: day, income: income, groups: groups, support_group: s.group, province: province, months: months,
      rate_percent: num(rate), state_support_percent: num(s.percent), province_support_percent: num(s.provincePercent),
      support_months_max: supportMonths,
      total_gross: gross * months, total_state_support: s.amount * months,
      total_province_support: s.provinceAmount * months, total_net: net * months,
      minimum_income: minimum, maximum_income: l.maximum, gross: gross, state_support: s.amount,
      province_support: s.provinceAmount, net: net
    };
    return withSummary(out, figures);
  }

  // ------------------------------------------------------------ retirement age and pension

  function requiredAgeMonths(gender, year) {
    var base = gender === "nam" ? 720 : 660;
    var step = gender === "nam" ? 3 : 4;
    var cap = gender === "nam" ? 744 : 720;
    if (year <= 2020) return base;
    return Math.min(base + step * (year - 2020), cap);
  }

  function ageMonth(bornIndex, gender) {
    var index = bornIndex + requiredAgeMonths(gender, 2020);
    while (index - bornIndex < requiredAgeMonths(gender, idiv(index, 12))) index += 1;
    return index;
  }

  function halfYears(months) {
    var years = idiv(months, 12);
    var rest = months % 12;
    return years * 2 + (rest === 0 ? 0 : rest <= 6 ? 1 : 2);
  }

  // rate in half percent (so 40.5% → 81): an exact integer
  function pensionRate2(gender, halves) {
    if (halves < 30) return 0;
    var rate2;
    if (gender === "nam" && halves < 40) rate2 = 80 + (halves - 30);
    else if (gender === "nam") rate2 = 90 + 2 * (halves - 40);
    else rate2 = 90 + 2 * (halves - 30);
    return Math.min(rate2, 150);
  }

  function parseGender(gender) {
    var text = String(gender || "").trim().toLowerCase().normalize("NFC");
    if (text === "nu" || text === "nữ") return "nữ";
    if (text === "nam") return "nam";
    throw new CalculationError("Giới tính phải là “nam” hoặc “nữ”.");
  }

  function parseBorn(born) {
    var m = /^(\d{4})-(\d{1,2})$/.exec(String(born || "").trim()) ||
      /^(\d{1,2})\/(\d{4})$/.exec(String(born || "").trim());
    if (!m) throw new CalculationError("Tháng sinh không hợp lệ.");
    return m[1].length === 4 ? [parseInt(m[1], 10), parseInt(m[2], 10)] : [parseInt(m[2], 10), parseInt(m[1], 10)];
  }

  function pension(timeline, args) {
    var day = args.date;
    if (!day) throw new CalculationError("Thiếu ngày tính.");
    var gender = parseGender(args.gender);
    var groups = checkGroups(args.groups || ["khac"]);
    var province = args.province || null;
    var born = parseBorn(args.born);
    var year = born[0];
    var month = born[1];
    if (!(month >= 1 && month <= 12) || year < 1900) throw new CalculationError("Tháng sinh không hợp lệ.");
    var parts = day.split("-");
    var onIndex = parseInt(parts[0], 10) * 12 + parseInt(parts[1], 10) - 1;
    var bornIndex = year * 12 + month - 1;
    if (bornIndex >= onIndex - 15 * 12) throw new CalculationError("Người tham gia phải từ đủ 15 tuổi trở lên.");
    var paid = args.paid_months;
    if (!Number.isInteger(paid) || paid < 0 || paid > MAX_PAID_MONTHS) {
      throw new CalculationError("Số tháng đã đóng phải từ 0 đến " + MAX_PAID_MONTHS + ".");
    }
    var income = args.income;
    var plan = args.plan_income === undefined || args.plan_income === null ? income : args.plan_income;
    var lim = incomeLimits(timeline, day);
    if (paid && (!Number.isInteger(income) || !(income > 0 && income <= lim[1]))) {
      throw new CalculationError("Thu nhập đã đóng phải lớn hơn 0 và không quá " + money(lim[1]) + " đồng/tháng.");
    }
    if (!Number.isInteger(plan) || plan < lim[0] || plan > lim[1]) {
      throw new CalculationError(
        "Thu nhập dự kiến đóng phải từ " + money(lim[0]) + " đến " + money(lim[1]) +
        " đồng/tháng (áp dụng ngày " + dayText(day) + ")."
      );
    }

    var reached = ageMonth(bornIndex, gender);
    var required = reached - bornIndex;
    var lookupIndex = Math.max(onIndex, reached);
    var lookupDay = lookupIndex === onIndex ? day : monthIso(lookupIndex) + "-01";
    var minFound = find(timeline, "so-nam-toi-thieu-huong-luong-huu", lookupDay);
    var minYears = mulRound([dec(minFound.value)], 1);
    var needed = minYears * 12;

    var future = Math.max(reached - onIndex + 1, 0);
    var byAge = paid + future;
    var metAtAge = byAge >= needed;
    var metMonth = null;
    var futureTotal;
    if (paid >= needed) {
      futureTotal = future;
    } else {
      metMonth = onIndex + (needed - paid) - 1;
      futureTotal = Math.max(future, needed - paid);
    }
    var monthsPaid = paid + futureTotal;
    var eligible = Math.max(reached, metMonth === null ? reached : metMonth);
    var start = Math.max(eligible + 1, onIndex);

    var totalIncome = safe(paid * (income || 0) + futureTotal * plan);
    var average = monthsPaid ? roundDiv(totalIncome, monthsPaid) : 0;
    var halves = halfYears(monthsPaid);
    var rate2 = pensionRate2(gender, halves);
    var monthly = roundDiv(safe(rate2 * average), 200);

    var s = support(timeline, groups, day, province, BIG);
    var duration = find(timeline, "thoi-gian-ho-tro-toi-da", day);
    var supported = Math.min(monthsPaid, mulRound([dec(duration.value)], 1));
    var deducted = safe((s.amount + s.provinceAmount) * supported);
    var lumpGross = safe(average * halves);
    var lump = Math.max(lumpGross - deducted, 0);
    var overtakeN = null;
    var overtakeAt = null;
    if (monthly > 0) {
      overtakeN = idiv(lump, monthly) + 1;
      overtakeAt = start + overtakeN - 1;
    }

    var rateF = { n: rate2 * 5, d: 10 };
    var yearsF = { n: halves * 5, d: 10 };
    var when = metMonth === null ? "đã đủ từ trước" : "đủ vào " + monthText(metMonth);
    var step = gender === "nữ" ? "45% cho 15 năm, thêm 2% mỗi năm"
      : "40% cho 15 năm, thêm 1% mỗi năm đến 19 năm; 45% cho 20 năm, thêm 2% mỗi năm";
    var lumpEntries = s.found.entries.concat(duration.entries, s.provinceFound ? s.provinceFound.entries : []);
    var figures = {
      retirement: plainFigure(null,
        "Tuổi nghỉ hưu của " + gender + " sinh " + monthText(bornIndex) + ": " + ageText(required) +
        ", đủ tuổi vào " + monthText(reached) + "; lương hưu từ tháng sau khi đủ điều kiện: " + monthText(start),
        [SOURCE_AGE]),
      condition: figure(null,
        "Cần ít nhất " + minYears + " năm đóng; đến khi hưởng có " + durationText(monthsPaid) + " (" + when + ")" +
        (metAtAge ? "" : "; chưa đủ khi đến tuổi nên cần đóng tiếp sau tuổi nghỉ hưu"), minFound.entries),
      rate: plainFigure(null,
        durationText(monthsPaid) + " tính là " + fracText(yearsF) + " năm; " + gender + ": " + step +
        ", tối đa 75% → " + fracText(rateF) + "%", [SOURCE_RATE]),
      monthly_pension: plainFigure(monthly,
        fracText(rateF) + "% × " + money(average) + " đồng (thu nhập bình quân) = " + money(monthly) + " đồng/tháng",
        [SOURCE_RATE]),
      lump_sum: figure(lump,
        "2 × " + money(average) + " đồng × " + fracText(yearsF) + " năm = " + money(lumpGross) +
        " đồng, trừ tiền Nhà nước đã hỗ trợ ước " + money(deducted) + " đồng = " + money(lump) + " đồng",
        lumpEntries, [SOURCE_LUMP]),
      overtake: overtakeN === null
        ? plainFigure(null, "Chưa đủ điều kiện hưởng lương hưu")
        : plainFigure(null, "Sau " + overtakeN + " tháng nhận lương hưu (" + monthText(overtakeAt) +
          "), tổng lương hưu vượt số tiền nhận một lần")
    };
    var out = {
      date: day, born: monthIso(bornIndex), gender: gender, paid_months: paid, income: income, plan_income: plan,
      required_age_months: required, age_month: monthIso(reached), pension_from: monthIso(start),
      future_months: futureTotal, months_paid: monthsPaid, min_years: minYears,
      condition_met_at_age: metAtAge, condition_met_month: metMonth === null ? null : monthIso(metMonth),
      years_for_rate: halves / 2, rate_percent: rate2 / 2, average_income: average,
      lump_sum_gross: lumpGross, support_deducted: deducted,
      overtake_months: overtakeN, overtake_month: overtakeAt === null ? null : monthIso(overtakeAt),
      monthly_pension: monthly, lump_sum: lump
    };
    return withSummary(out, figures);
  }

  // ------------------------------------------------------------ household health insurance

  function bhytRatio(order) {
    return order <= BHYT_RATIOS.length ? BHYT_RATIOS[order - 1] : BHYT_RATIO_LATER;
  }

  function bhyt(timeline, args) {
    var members = args.members;
    var day = args.date;
    if (!Number.isInteger(members) || members < 1 || members > 50) {
      throw new CalculationError("Số thành viên hộ gia đình phải từ 1 đến 50.");
    }
    var rateFound = find(timeline, "bhyt-ho-gia-dinh", day);
    var baseFound = find(timeline, "muc-tham-chieu", day);
    var rate = dec(rateFound.value);
    var base = mulRound([dec(baseFound.value)], 1);
    var ratios = [];
    for (var i = 1; i <= members; i += 1) ratios.push(bhytRatio(i));
    var monthly = ratios.map(function (r) { return mulRound([rate, dec(base), dec(r)], 10000); });
    var yearly = monthly.map(function (m) { return m * 12; });
    var total = yearly.reduce(function (a, b) { return a + b; }, 0);
    var figures = {
      total: figure(total,
        "Người thứ nhất " + fracText(rate) + "% × " + money(base) + " đồng × 12 tháng; người thứ 2, 3, 4 đóng 70%, " +
        "60%, 50% mức người thứ nhất, từ người thứ 5 đóng 40%: " + yearly.map(money).join(" + ") + " = " +
        money(total) + " đồng/năm", rateFound.entries.concat(baseFound.entries), [SOURCE_BHYT_RATIOS])
    };
    var out = {
      date: day, members: members, base: base, rate_percent: num(rate), ratios: ratios, monthly: monthly,
      yearly: yearly, total_yearly: total, total: total
    };
    return withSummary(out, figures);
  }

  // ------------------------------------------------------------ changes ahead

  function changesBetween(timeline, startDay, endDay) {
    var units = [[null, timeline.parameters || {}]];
    Object.keys(timeline.provinces || {}).sort().forEach(function (p) { units.push([p, timeline.provinces[p]]); });
    var changes = [];
    units.forEach(function (unit) {
      Object.keys(unit[1]).forEach(function (parameter) {
        var list = unit[1][parameter];
        list.forEach(function (entry) {
          if (!(startDay < entry.start && entry.start <= endDay)) return;
          var prev = addDays(entry.start, -1);
          var old = null;
          list.forEach(function (e) { if (inForce(e, prev)) old = e.value; });
          if (JSON.stringify(old) === JSON.stringify(entry.value)) return;
          changes.push({
            parameter: parameter, province: unit[0], date: entry.start, old_value: old, new_value: entry.value,
            source: String(entry.source), record: String(entry.record || ""),
            confirmed: entry.confirmed === undefined ? true : Boolean(entry.confirmed)
          });
        });
      });
    });
    changes.sort(function (a, b) {
      var ka = [a.date, a.province || "", a.parameter].join("\u0000");
      var kb = [b.date, b.province || "", b.parameter].join("\u0000");
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    return changes;
  }

  function addDays(iso, days) {
    var p = iso.split("-");
    var d = new Date(Date.UTC(parseInt(p[0], 10), parseInt(p[1], 10) - 1, parseInt(p[2], 10) + days));
    return d.toISOString().slice(0, 10);
  }

  function todayIso() {
    var now = new Date();
    return pad(now.getFullYear(), 4) + "-" + pad(now.getMonth() + 1, 2) + "-" + pad(now.getDate(), 2);
  }

  // ------------------------------------------------------------ page

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function sourceLine(fig) {
    var box = el("p", "lt-calc__source");
    if (fig.sources.length) box.appendChild(document.createTextNode("Căn cứ: " + fig.sources.join("; ")));
    if (!fig.confirmed) {
      box.appendChild(document.createTextNode(" "));
      var mark = el("span", "lt-calc__draft", "dự kiến");
      mark.title = "Số liệu từ bản sao chưa đối chiếu văn bản gốc";
      box.appendChild(mark);
    }
    return box;
  }

  function card(title, value, detail, fig, strong) {
    var box = el("div", "lt-calc__card" + (strong ? " lt-calc__card--main" : ""));
    box.appendChild(el("p", "lt-calc__label", title));
    box.appendChild(el("p", "lt-calc__value", value));
    if (detail) box.appendChild(el("p", "lt-calc__detail", detail));
    if (fig) {
      box.appendChild(el("p", "lt-calc__rule", fig.rule));
      box.appendChild(sourceLine(fig));
    }
    return box;
  }

  function showError(target, error) {
    target.textContent = "";
    var message = error instanceof CalculationError ? error.message : "Chưa tính được: " + error.message;
    target.appendChild(el("p", "lt-calc__error", message));
  }

  function intValue(input) {
    var text = String(input.value || "").replace(/[.\s,]/g, "");
    if (!/^\d+$/.test(text)) return NaN;
    return parseInt(text, 10);
  }

  function checkedValues(root, name) {
    return Array.prototype.slice.call(root.querySelectorAll("input[name='" + name + "']:checked"))
      .map(function (i) { return i.value; });
  }

  function setup(root, timeline) {
    var q = function (sel) { return root.querySelector(sel); };
    var dateInput = q("[name='date']");
    var income = q("[name='income']");
    var range = q("[name='income-range']");
    var province = q("[name='province']");
    var contributionOut = q("[data-result='contribution']");
    var limitsOut = q("[data-result='limits']");
    var changesOut = q("[data-result='changes']");
    var pensionOut = q("[data-result='pension']");
    var bhytOut = q("[data-result='bhyt']");
    if (!dateInput.value) dateInput.value = todayIso();

    Object.keys(timeline.provinces || {}).sort().forEach(function (id) {
      if (!province.querySelector("option[value='" + id + "']")) {
        var option = el("option", null, id);
        option.value = id;
        province.appendChild(option);
      }
    });

    function day() {
      return /^\d{4}-\d{2}-\d{2}$/.test(dateInput.value) ? dateInput.value : todayIso();
    }

    function groups() {
      return checkedValues(root, "group");
    }

    function renderLimits() {
      limitsOut.textContent = "";
      try {
        var lim = incomeLimits(timeline, day());
        income.min = range.min = lim[0];
        income.max = range.max = lim[1];
        range.step = 10000;
        var l = limits(timeline, day());
        var basis = figure(null, "", l.minimum.entries.concat(l.reference.entries), [SOURCE_MAX]);
        limitsOut.textContent = "Thu nhập chọn đóng từ " + money(lim[0]) + " đến " + money(lim[1]) +
          " đồng/tháng (ngày " + dayText(day()) + "" + (basis.confirmed ? "" : ", dự kiến") + "). Căn cứ: " +
          basis.sources.join("; ") + ".";
      } catch (error) {
        showError(limitsOut, error);
      }
    }

    // What a change ahead means for each group: the lowest monthly payment before and after.
    function lowestPayments(at, provinceId) {
      var lim = incomeLimits(timeline, at);
      return GROUPS.map(function (g) {
        return contribution(timeline, { income: lim[0], groups: [g], date: at, months: 1, province: provinceId }).net;
      });
    }

    function renderChanges() {
      changesOut.textContent = "";
      var provinceId = province.value || null;
      var list = changesBetween(timeline, day(), addDays(day(), 60)).filter(function (c) {
        return c.province === null || c.province === provinceId;
      });
      if (!list.length) return;
      changesOut.appendChild(el("p", "lt-calc__label", "Sắp thay đổi"));
      var ul = el("ul");
      var show = function (v) {
        if (typeof v !== "number") return "theo nhóm";
        return v >= 1000 ? money(v) + " đồng" : pctText(v);
      };
      var dates = [];
      list.forEach(function (c) {
        ul.appendChild(el("li", null, "Từ " + dayText(c.date) + ": " + (PARAMETER_NAMES[c.parameter] || c.parameter) +
          " " + show(c.old_value) + " → " + show(c.new_value) + " (" + c.source + (c.confirmed ? "" : ", dự kiến") + ")"));
        if (dates.indexOf(c.date) < 0) dates.push(c.date);
      });
      dates.forEach(function (at) {
        try {
          var before = lowestPayments(addDays(at, -1), provinceId);
          var after = lowestPayments(at, provinceId);
          var parts = GROUPS.map(function (g, i) {
            return GROUP_LABELS[g] + " " + money(before[i]) + " → " + money(after[i]) + " đồng";
          });
          ul.appendChild(el("li", null, "Mức đóng thấp nhất mỗi tháng từ " + dayText(at) + ": " + parts.join("; ")));
        } catch (error) {
          if (!(error instanceof CalculationError)) throw error;
        }
      });
      changesOut.appendChild(ul);
    }

    function renderContribution() {
      var months = parseInt(checkedValues(root, "months")[0] || "1", 10);
      try {
        var r = contribution(timeline, {
          income: intValue(income), groups: groups(), date: day(), months: months, province: province.value || null
        });
        contributionOut.textContent = "";
        contributionOut.appendChild(card("Người tham gia đóng", money(r.net) + " đồng/tháng",
          months === 1 ? null : "Mỗi lần đóng " + months + " tháng: " + money(r.total_net) + " đồng", r.figures.net, true));
        contributionOut.appendChild(card("Nhà nước hỗ trợ", money(r.state_support) + " đồng/tháng",
          months === 1 ? null : months + " tháng: " + money(r.total_state_support) + " đồng", r.figures.state_support));
        contributionOut.appendChild(card("Tỉnh hỗ trợ thêm", money(r.province_support) + " đồng/tháng",
          months === 1 || !r.province_support ? null : months + " tháng: " + money(r.total_province_support) + " đồng",
          r.figures.province_support));
        contributionOut.appendChild(card("Tổng mức đóng", money(r.gross) + " đồng/tháng",
          months === 1 ? null : months + " tháng: " + money(r.total_gross) + " đồng", r.figures.gross));
      } catch (error) {
        showError(contributionOut, error);
      }
    }

    function renderPension() {
      var plan = q("[name='plan-income']");
      try {
        var r = pension(timeline, {
          born: q("[name='born']").value, gender: checkedValues(root, "gender")[0], date: day(),
          paid_months: intValue(q("[name='paid-months']")), income: intValue(q("[name='past-income']")),
          plan_income: plan.value ? intValue(plan) : null, groups: groups().length ? groups() : ["khac"],
          province: province.value || null
        });
        pensionOut.textContent = "";
        pensionOut.appendChild(card("Tháng bắt đầu nhận lương hưu", monthText(parseMonth(r.pension_from)),
          "Đủ tuổi nghỉ hưu (" + ageText(r.required_age_months) + ") vào " + monthText(parseMonth(r.age_month)),
          r.figures.retirement));
        pensionOut.appendChild(card("Thời gian đóng đến khi hưởng", durationText(r.months_paid),
          r.condition_met_at_age ? "Đủ điều kiện " + r.min_years + " năm khi đến tuổi"
            : "Chưa đủ " + r.min_years + " năm khi đến tuổi; đủ vào " + monthText(parseMonth(r.condition_met_month)),
          r.figures.condition));
        pensionOut.appendChild(card("Tỷ lệ hưởng", pctText(r.rate_percent) + "%", null, r.figures.rate));
        pensionOut.appendChild(card("Lương hưu ước tính (tiền hôm nay)", money(r.monthly_pension) + " đồng/tháng",
          null, r.figures.monthly_pension, true));
        pensionOut.appendChild(card("Nếu nhận một lần thay cho lương hưu", money(r.lump_sum) + " đồng",
          "Chỉ được nhận một lần trong các trường hợp luật cho phép", r.figures.lump_sum));
        pensionOut.appendChild(card("So sánh", r.overtake_months === null ? "—" : r.overtake_months + " tháng",
          null, r.figures.overtake));
      } catch (error) {
        showError(pensionOut, error);
      }
    }

    function renderBhyt() {
      try {
        var r = bhyt(timeline, { members: intValue(q("[name='members']")), date: day() });
        bhytOut.textContent = "";
        var table = el("table", "lt-calc__table");
        table.appendChild(el("caption", null, "BHYT hộ gia đình, " + r.members + " người (ngày " + dayText(r.date) + ")"));
        var head = el("tr");
        ["Thành viên", "Tỷ lệ", "Mỗi tháng", "Mỗi năm"].forEach(function (t) {
          var th = el("th", null, t); th.scope = "col"; head.appendChild(th);
        });
        var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
        var body = el("tbody");
        r.yearly.forEach(function (y, i) {
          var tr = el("tr");
          var th = el("th", null, "Người thứ " + (i + 1)); th.scope = "row"; tr.appendChild(th);
          tr.appendChild(el("td", null, r.ratios[i] + "%"));
          tr.appendChild(el("td", null, money(r.monthly[i]) + " đồng"));
          tr.appendChild(el("td", null, money(y) + " đồng"));
          body.appendChild(tr);
        });
        var foot = el("tr");
        var fth = el("th", null, "Cả hộ"); fth.scope = "row"; fth.colSpan = 3; foot.appendChild(fth);
        foot.appendChild(el("td", "lt-calc__total", money(r.total) + " đồng/năm"));
        body.appendChild(foot);
        table.appendChild(body);
        bhytOut.appendChild(table);
        bhytOut.appendChild(el("p", "lt-calc__rule", r.figures.total.rule));
        bhytOut.appendChild(sourceLine(r.figures.total));
      } catch (error) {
        showError(bhytOut, error);
      }
    }

    function parseMonth(iso) {
      var p = iso.split("-");
      return parseInt(p[0], 10) * 12 + parseInt(p[1], 10) - 1;
    }

    function all() {
      renderLimits();
      renderChanges();
      renderContribution();
      renderPension();
      renderBhyt();
    }

    var timer = null;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(all, 250);
    }

    income.addEventListener("input", function () {
      var v = intValue(income);
      if (!isNaN(v)) range.value = v;
      later();
    });
    income.addEventListener("blur", function () {
      var v = intValue(income);
      if (!isNaN(v)) income.value = money(v);
    });
    range.addEventListener("input", function () {
      income.value = range.value;
      later();
    });
    root.addEventListener("input", function (event) {
      if (event.target !== income && event.target !== range) later();
    });
    root.addEventListener("change", later);
    Array.prototype.forEach.call(root.querySelectorAll("form"), function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        all();
      });
    });
    if (!income.value) {
      income.value = incomeLimitsSafe(timeline, day());
    }
    range.value = income.value;
    all();
    root.setAttribute("data-ready", "true");
  }

  function incomeLimitsSafe(timeline, day) {
    try {
      return incomeLimits(timeline, day)[0];
    } catch (error) {
      return "";
    }
  }

  var api = {
    contribution: function (args) { return contribution(state.timeline, args); },
    pension: function (args) { return pension(state.timeline, args); },
    bhyt: function (args) { return bhyt(state.timeline, args); },
    changesBetween: function (start, end) { return changesBetween(state.timeline, start, end); },
    CalculationError: CalculationError
  };
  var state = { timeline: null };

  function start() {
    var root = document.querySelector("[data-timeline]");
    if (!root) return Promise.resolve(null);  // the script on a page without the calculator
    var url = new URL(root.getAttribute("data-timeline"), document.baseURI).href;
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (timeline) {
        state.timeline = timeline;
        setup(root, timeline);
        return api;
      })
      .catch(function (error) {
        var out = root.querySelector("[data-result='contribution']");
        if (out) out.textContent = "Không tải được số liệu chính sách (" + error.message + "). Hãy tải lại trang.";
        throw error;
      });
  }

  window.lantoaCalc = api;
  window.lantoaCalcReady = document.readyState === "loading"
    ? new Promise(function (resolve, reject) {
      document.addEventListener("DOMContentLoaded", function () { start().then(resolve, reject); });
    })
    : start();
})();
