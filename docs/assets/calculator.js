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

  // ------------------------------------------------------------ amounts as people write them
  // The twin of generator/model/amounts.py (rules there); both pass tests/fixtures/amounts.json.

  var AMOUNT_UNITS = {
    "tỷ": 1e9, "tỉ": 1e9, "ty": 1e9, "triệu": 1e6, "trieu": 1e6, "tr": 1e6, "m": 1e6,
    "nghìn": 1e3, "nghin": 1e3, "ngàn": 1e3, "ngan": 1e3, "k": 1e3
  };
  var AMOUNT_HALF = ["rưỡi", "ruoi"];
  var AMOUNT_LIMIT = 1e15;
  var UNIT_RE = Object.keys(AMOUNT_UNITS).sort(function (a, b) { return b.length - a.length; }).join("|");
  var TOKEN_RE = new RegExp("\\s*(?:([0-9][0-9.,]*)\\s*(" + UNIT_RE + ")?|(" + AMOUNT_HALF.join("|") + "))", "y");
  var GROUPED_RE = /^(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)$/;
  var DECIMAL_RE = /^([0-9]+)[.,]([0-9]+)$/;
  var DIGITS_RE = /^[0-9]+$/;
  var DOT_GROUPED_RE = /^[0-9]{1,3}(?:\.[0-9]{3})+$/;

  function AmountError(cause) {
    this.name = "AmountError";
    this.cause = cause;
    this.message = cause;
  }
  AmountError.prototype = Object.create(Error.prototype);

  function normalizeAmount(text) {
    var t = String(text === undefined || text === null ? "" : text).normalize("NFKC").toLowerCase();
    t = t.replace(/\s+/g, " ").trim();
    t = t.replace(/\s*(?:\/\s*(?:tháng|thang|th))?\s*$/, "");
    return t.replace(/\s*(?:vnđ|vnd|đồng|dong|đ)\s*$/, "").trim();
  }

  function checkedAmount(value, digits) {
    if ((digits || 0) > 15 || value > AMOUNT_LIMIT) throw new AmountError("too-large");
    return value;
  }

  function scaledAmount(number, scale) {
    var whole;
    var fraction = "";
    var m;
    if (DIGITS_RE.test(number)) whole = number;
    else if (DOT_GROUPED_RE.test(number)) whole = number.replace(/\./g, "");
    else if ((m = DECIMAL_RE.exec(number))) { whole = m[1]; fraction = m[2].replace(/0+$/, ""); }
    else throw new AmountError("format");
    if (whole.replace(/^0+/, "").length > 15) throw new AmountError("too-large");
    if (Math.pow(10, fraction.length) > scale) throw new AmountError("format");
    return parseInt(whole, 10) * scale + (fraction ? parseInt(fraction, 10) * (scale / Math.pow(10, fraction.length)) : 0);
  }

  function parseAmount(text) {
    var t = normalizeAmount(text);
    if (!t) throw new AmountError("format");
    if (GROUPED_RE.test(t)) return checkedAmount(parseInt(t.replace(/[., ]/g, ""), 10), t.replace(/[^0-9]/g, "").length);
    var position = 0;
    var total = 0;
    var lastUnit = 0;
    var done = false;
    while (position < t.length) {
      TOKEN_RE.lastIndex = position;
      var m = TOKEN_RE.exec(t);
      if (!m || TOKEN_RE.lastIndex === position || done) throw new AmountError("format");
      position = TOKEN_RE.lastIndex;
      if (m[3]) {
        if (!lastUnit) throw new AmountError("format");
        total += lastUnit / 2;
        done = true;
      } else if (m[2]) {
        var scale = AMOUNT_UNITS[m[2]];
        if (lastUnit && scale >= lastUnit) throw new AmountError("format");
        total += scaledAmount(m[1], scale);
        lastUnit = scale;
      } else {
        if (!lastUnit || !DIGITS_RE.test(m[1]) || Math.pow(10, m[1].length) > lastUnit) throw new AmountError("format");
        total += parseInt(m[1], 10) * (lastUnit / Math.pow(10, m[1].length));
        done = true;
      }
    }
    if (!lastUnit) throw new AmountError("format");
    return checkedAmount(total, 0);
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

  var MAX_MISSING_MONTHS = 60;
  var SOCIAL_PENSION_AGE = 75 * 12;
  var SOCIAL_PENSION_AGE_POOR = 70 * 12;
  var LUMP_SPLIT_YEAR = 2014;
  var SOURCE_MISSING = "Nghị định 159/2025/NĐ-CP, Điều 7";
  var SOURCE_START = LAW + ", Điều 101";
  var SOURCE_FULL_YEARS = LAW + ", Điều 5 khoản 6";
  var SOURCE_EXTRA = LAW + ", Điều 100";
  var SOURCE_SOCIAL = "Nghị định 176/2025/NĐ-CP, Điều 2, Điều 3";

  function monthIndex(day) {
    return parseInt(day.slice(0, 4), 10) * 12 + parseInt(day.slice(5, 7), 10) - 1;
  }

  function firstDay(index) {
    return monthIso(index) + "-01";
  }

  function eligibleSince(timeline, reached, paid, onIndex) {
    var ordered = entries(timeline, "so-nam-toi-thieu-huong-luong-huu", null).slice().sort(function (a, b) {
      return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
    });
    for (var i = 0; i < ordered.length; i += 1) {
      var e = ordered[i];
      var hasEnd = e.end !== null && e.end !== undefined;
      if (mulRound([dec(e.value)], 1) * 12 > paid || (hasEnd && monthIndex(e.end) < reached)) continue;
      return i === 0 ? reached : Math.max(reached, monthIndex(e.start));
    }
    return onIndex;
  }

  // Luật Điều 100: 0,5 × average per year above 30 (women) / 35 (men); 2 × for years paid after eligibility
  function extraYearAllowance(gender, halves, average, halvesAfter) {
    var above = Math.max(halves - (gender === "nữ" ? 60 : 70), 0);
    var after = Math.min(halvesAfter || 0, above);
    return roundDiv(safe(average * ((above - after) + 4 * after)), 4);
  }

  function lumpSumHalves(months, before2014) {
    var total = halfYears(months);
    var before = Math.min(2 * idiv(Math.min(before2014, months), 12), total);
    return [before, total - before];
  }

  function halfText(halves) {
    return fracText({ n: halves * 5, d: 10 });
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
    var onIndex = monthIndex(day);
    var onYear = parseInt(day.slice(0, 4), 10);
    var bornIndex = year * 12 + month - 1;
    if (bornIndex >= onIndex - 15 * 12) throw new CalculationError("Người tham gia phải từ đủ 15 tuổi trở lên.");
    var paid = args.paid_months;
    if (!Number.isInteger(paid) || paid < 0 || paid > MAX_PAID_MONTHS) {
      throw new CalculationError("Số tháng đã đóng phải từ 0 đến " + MAX_PAID_MONTHS + ".");
    }
    var started = args.started === undefined || args.started === null ? null : args.started;
    if (started !== null && (!Number.isInteger(started) || started < year + 15 || started > onYear)) {
      throw new CalculationError("Năm bắt đầu đóng phải từ " + (year + 15) + " đến " + onYear + ".");
    }
    if (started !== null && paid > onIndex - started * 12) {
      throw new CalculationError("Từ năm " + started + " đến nay chưa đến " + durationText(paid) + ".");
    }
    var income = args.income;
    var plan = args.plan_income === undefined || args.plan_income === null ? income : args.plan_income;
    var lim = incomeLimits(timeline, day);
    if (paid && (!Number.isInteger(income) || !(income > 0 && income <= lim[1]))) {
      throw new CalculationError("Thu nhập đã đóng phải lớn hơn 0 và không quá " + money(lim[1]) + " đồng/tháng.");
    }
    if (!Number.isInteger(plan) || plan < lim[0] || plan > lim[1]) {
      throw new CalculationError(
        "Thu nhập sẽ đóng từ nay phải từ " + money(lim[0]) + " đến " + money(lim[1]) +
        " đồng/tháng (áp dụng ngày " + dayText(day) + ")."
      );
    }

    var reached = ageMonth(bornIndex, gender);
    var required = reached - bornIndex;
    var past = reached < onIndex;
    var minFound = find(timeline, "so-nam-toi-thieu-huong-luong-huu", past ? day : firstDay(reached));
    var minYears = mulRound([dec(minFound.value)], 1);
    var needed = minYears * 12;
    var future = past ? 0 : reached - onIndex + 1;
    var have = paid + future;
    var short = Math.max(needed - have, 0);
    var metMonth = null;
    var status;
    var eligible;
    if (short === 0) {
      status = past ? "du-dieu-kien" : "se-du";
      eligible = past ? eligibleSince(timeline, reached, paid, onIndex) : reached;
      if (!past && paid < needed) metMonth = onIndex + (needed - paid) - 1;
    } else if (short <= MAX_MISSING_MONTHS) {
      status = "dong-bu";
      eligible = past ? onIndex : reached;
      metMonth = eligible;
    } else {
      status = "thieu";
      eligible = null;
    }
    var bought = status === "dong-bu" ? short : 0;
    var monthsPaid = have + bought;
    var start = eligible === null ? null : eligible + 1;

    var totalIncome = safe(paid * (paid ? income : 0) + (future + bought) * plan);
    var average = monthsPaid ? roundDiv(totalIncome, monthsPaid) : 0;
    var halves = halfYears(monthsPaid);
    var rate2 = start === null ? 0 : pensionRate2(gender, halves);
    var monthly = roundDiv(safe(rate2 * average), 200);
    var allowance = start === null ? 0 : extraYearAllowance(gender, halves, average, 0);
    var extraHalves = start === null ? 0 : Math.max(halves - (gender === "nữ" ? 60 : 70), 0);

    var before2014 = started === null
      ? Math.max(paid - (onIndex - LUMP_SPLIT_YEAR * 12), 0)
      : Math.min(paid, Math.max(LUMP_SPLIT_YEAR - started, 0) * 12);
    var split = lumpSumHalves(monthsPaid, before2014);
    var s = support(timeline, groups, day, province, BIG);
    var duration = find(timeline, "thoi-gian-ho-tro-toi-da", day);
    var supported = Math.min(monthsPaid, mulRound([dec(duration.value)], 1));
    var deducted = safe((s.amount + s.provinceAmount) * supported);
    var lumpGross = roundDiv(safe(average * (3 * split[0] + 4 * split[1])), 4);
    var lump = Math.max(lumpGross - deducted, 0);
    var overtakeN = null;
    var overtakeAt = null;
    if (monthly > 0 && start !== null) {
      overtakeN = idiv(lump, monthly) + 1;
      overtakeAt = start + overtakeN - 1;
    }

    var poor = groups.indexOf("ho-ngheo") >= 0 || groups.indexOf("ho-can-ngheo") >= 0;
    var socialAge = poor ? SOCIAL_PENSION_AGE_POOR : SOCIAL_PENSION_AGE;
    var socialAt = bornIndex + socialAge;
    var socialFound = findOptional(timeline, "tro-cap-huu-tri-xa-hoi", firstDay(Math.max(socialAt, onIndex)), null);

    var rateF = { n: rate2 * 5, d: 10 };
    var lumpEntries = s.found.entries.concat(duration.entries, s.provinceFound ? s.provinceFound.entries : []);
    var figures = {
      retirement: retirementFigure(gender, bornIndex, required, reached, status, eligible, onIndex),
      condition: figure(null, conditionRule(minYears, past, have, short), minFound.entries, [SOURCE_FULL_YEARS]),
      missing: missingFigure(timeline, day, status, short, plan, past),
      rate: rateFigure(gender, monthsPaid, halves, rateF, start),
      monthly_pension: plainFigure(start === null ? null : monthly,
        start === null ? "Chưa đủ điều kiện hưởng lương hưu"
          : fracText(rateF) + "% × " + money(average) + " đồng (thu nhập bình quân) = " + money(monthly) + " đồng/tháng",
        [SOURCE_RATE]),
      retirement_allowance: allowanceFigure(gender, extraHalves, average, allowance, start),
      lump_sum: figure(lump, lumpRule(average, split[0], split[1], lumpGross, deducted, lump, started),
        lumpEntries, [SOURCE_LUMP]),
      overtake: overtakeN === null
        ? plainFigure(null, "Chưa đủ điều kiện hưởng lương hưu")
        : plainFigure(null, "Sau " + overtakeN + " tháng nhận lương hưu (" + monthText(overtakeAt) +
          "), tổng lương hưu vượt số tiền nhận một lần"),
      social_pension: socialFigure(socialFound, socialAge, socialAt, onIndex)
    };
    var out = {
      date: day, born: monthIso(bornIndex), gender: gender, paid_months: paid, income: income, plan_income: plan,
      started: started, status: status, past_age: past,
      required_age_months: required, age_month: monthIso(reached),
      eligible_month: eligible === null ? null : monthIso(eligible),
      pension_from: start === null ? null : monthIso(start),
      future_months: future, short_months: short, bought_months: bought,
      months_paid: monthsPaid, min_years: minYears,
      condition_met_at_age: short === 0, condition_met_month: metMonth === null ? null : monthIso(metMonth),
      years_for_rate: halves / 2, rate_percent: rate2 / 2, average_income: average,
      extra_years: extraHalves / 2, months_before_2014: before2014,
      lump_sum_gross: lumpGross, support_deducted: deducted,
      overtake_months: overtakeN, overtake_month: overtakeAt === null ? null : monthIso(overtakeAt),
      social_pension_month: monthIso(socialAt),
      monthly_pension: figures.monthly_pension.amount, retirement_allowance: figures.retirement_allowance.amount,
      lump_sum: lump, social_pension: figures.social_pension.amount, missing: figures.missing.amount
    };
    return withSummary(out, figures);
  }

  function retirementFigure(gender, bornIndex, required, reached, status, eligible, onIndex) {
    var head = "Tuổi nghỉ hưu của " + gender + " sinh " + monthText(bornIndex) + ": " + ageText(required);
    var rule;
    if (status === "du-dieu-kien") {
      rule = head + ", đã đủ tuổi từ " + monthText(reached) + "; đủ điều kiện từ " + monthText(eligible) +
        " nên lương hưu tính từ " + monthText(eligible + 1) + " (tháng sau khi đủ điều kiện); " +
        "những tháng trước khi làm hồ sơ được trả bù theo quy định";
    } else if (status === "se-du") {
      rule = head + ", đủ tuổi vào " + monthText(reached) + "; lương hưu từ tháng sau: " + monthText(reached + 1);
    } else if (status === "dong-bu") {
      var when = eligible === reached ? "khi đủ tuổi" : "trong " + monthText(onIndex);
      rule = head + ", đủ tuổi vào " + monthText(reached) + "; đóng một lần những tháng còn thiếu " + when +
        " thì lương hưu từ tháng sau: " + monthText(eligible + 1);
    } else {
      rule = head + ", đủ tuổi vào " + monthText(reached) + "; chưa đủ số năm đóng nên không ước tính lương hưu";
    }
    return plainFigure(null, rule, [SOURCE_AGE, SOURCE_START]);
  }

  function conditionRule(minYears, past, have, short) {
    var head = "Cần đủ " + minYears + " năm đóng, mỗi năm tính đủ 12 tháng";
    var by = past ? "đã đóng" : "đến khi đủ tuổi có";
    if (short === 0) return head + "; " + by + " " + durationText(have) + ": đủ";
    if (short <= MAX_MISSING_MONTHS) return head + "; " + by + " " + durationText(have) + ": còn thiếu " + short + " tháng";
    return head + "; " + by + " " + durationText(have) + ": còn thiếu " + durationText(short) +
      ", nhiều hơn " + MAX_MISSING_MONTHS + " tháng được đóng một lần";
  }

  function missingFigure(timeline, day, status, short, plan, past) {
    if (status === "dong-bu") {
      var rateFound = find(timeline, "ty-le-dong", day);
      var perMonth = mulRound([dec(rateFound.value), dec(plan)], 100);
      var when = past ? "ngay bây giờ" : "khi đủ tuổi nghỉ hưu";
      return figure(perMonth * short,
        "Đóng một lần " + short + " tháng còn thiếu (" + when + "; chỉ người đã đủ tuổi nghỉ hưu, tối đa " +
        MAX_MISSING_MONTHS + " tháng): " + short + " × " + money(perMonth) + " đồng = " + money(perMonth * short) +
        " đồng, cộng thêm tiền lãi theo lãi suất đầu tư bình quân tháng của quỹ năm trước",
        rateFound.entries, [SOURCE_MISSING]);
    }
    if (status === "thieu") {
      return plainFigure(null,
        "Còn thiếu " + durationText(short) + ": nhiều hơn " + MAX_MISSING_MONTHS + " tháng được đóng một lần " +
        "nên không đủ 15 năm để hưởng lương hưu; có thể nhận trợ cấp hưu trí xã hội khi đủ tuổi, " +
        "hoặc hỏi cơ quan BHXH về việc nhận BHXH một lần", [SOURCE_MISSING]);
    }
    return plainFigure(0, "Không phải đóng bù");
  }

  function rateFigure(gender, monthsPaid, halves, rateF, start) {
    if (start === null) return plainFigure(null, "Chưa đủ điều kiện hưởng lương hưu", [SOURCE_RATE]);
    var step = gender === "nữ" ? "45% cho 15 năm, thêm 2% mỗi năm"
      : "40% cho 15 năm, thêm 1% mỗi năm đến 19 năm; 45% cho 20 năm, thêm 2% mỗi năm";
    return plainFigure(null, durationText(monthsPaid) + " tính là " + halfText(halves) + " năm; " + gender + ": " +
      step + ", tối đa 75% → " + fracText(rateF) + "%", [SOURCE_RATE]);
  }

  function allowanceFigure(gender, extraHalves, average, allowance, start) {
    var limit = gender === "nữ" ? 30 : 35;
    if (start === null || extraHalves === 0) {
      return plainFigure(start === null ? null : 0,
        "Không có: trợ cấp một lần khi nghỉ hưu chỉ cho những năm đóng trên " + limit + " năm", [SOURCE_EXTRA]);
    }
    return plainFigure(allowance,
      halfText(extraHalves) + " năm đóng trên " + limit + " năm × 0,5 × " + money(average) + " đồng = " +
      money(allowance) + " đồng, nhận một lần cùng lương hưu; mỗi năm đóng sau khi đã đủ điều kiện hưởng " +
      "lương hưu được 2 lần thu nhập bình quân", [SOURCE_EXTRA]);
  }

  function lumpRule(average, before, after, gross, deducted, lump, started) {
    var assumption = started !== null ? "bắt đầu đóng năm " + started : "giả định đã đóng liên tục đến nay";
    return "1,5 × " + money(average) + " đồng × " + halfText(before) + " năm trước 2014 + 2 × " + money(average) +
      " đồng × " + halfText(after) + " năm từ 2014 (" + assumption + ") = " + money(gross) +
      " đồng, trừ tiền Nhà nước đã hỗ trợ ước " + money(deducted) + " đồng = " + money(lump) +
      " đồng; không trừ khi nhận vì mắc bệnh hiểm nghèo hoặc suy giảm khả năng lao động từ 81%";
  }

  function socialFigure(found, socialAge, socialAt, onIndex) {
    var amount = found === null ? null : mulRound([dec(found.value)], 1);
    var level = amount === null ? "" : ": " + money(amount) + " đồng/tháng";
    var when = socialAt <= onIndex ? "đã đủ " + idiv(socialAge, 12) + " tuổi"
      : "đủ " + idiv(socialAge, 12) + " tuổi vào " + monthText(socialAt);
    var rule = "Trợ cấp hưu trí xã hội" + level + ", cho người từ đủ 75 tuổi (70 tuổi nếu thuộc hộ nghèo, " +
      "hộ cận nghèo) không có lương hưu hoặc có lương hưu thấp hơn mức này; " + when;
    if (found === null) return plainFigure(null, rule, [SOURCE_SOCIAL]);
    return figure(amount, rule, found.entries);
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
        money(total) + " đồng/năm", rateFound.entries.concat(baseFound.entries))
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
      box.appendChild(el("span", "lt-calc__draft", "chưa đối chiếu văn bản gốc"));
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

  function grouped(text) {
    return /^\d*$/.test(text) || (/^[\d.]+$/.test(text) && text === money(parseInt(text.replace(/\./g, ""), 10)));
  }

  // While the person types digits: "1500000" → "1.500.000", the caret kept after the same digit.
  // Only while the field held plain or dot-grouped digits before this keystroke: a dot, comma or
  // space the person types is theirs ("1.5tr", "1 triệu") and stays as typed.
  function formatWhileTyping(input, before, typed) {
    var text = input.value;
    if ((typed && /\D/.test(typed)) || !grouped(before) || !/^[\d.]*$/.test(text) || !/\d/.test(text)) return;
    var caret = input.selectionStart === null ? text.length : input.selectionStart;
    var digitsBefore = text.slice(0, caret).replace(/\D/g, "").length;
    var digits = text.replace(/\D/g, "").replace(/^0+(?=\d)/, "");
    var formatted = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    if (formatted === text) return;
    input.value = formatted;
    var position = 0;
    var seen = 0;
    while (position < formatted.length && seen < digitsBefore) {
      if (/\d/.test(formatted[position])) seen += 1;
      position += 1;
    }
    if (document.activeElement === input) input.setSelectionRange(position, position);
  }

  var TABS = ["muc-dong", "luong-huu", "bhyt-ho-gia-dinh"];

  function setup(root, timeline) {
    var q = function (sel) { return root.querySelector(sel); };
    var dateInput = q("[name='date']");
    var income = q("[name='income']");
    var range = q("[name='income-range']");
    var province = q("[name='province']");
    var contributionOut = q("[data-result='contribution']");
    var limitsOut = q("[data-result='limits']");
    var pensionOut = q("[data-result='pension']");
    var bhytOut = q("[data-result='bhyt']");
    var notices = {};
    try {
      notices = JSON.parse(root.getAttribute("data-notices") || "{}") || {};
    } catch (error) {
      notices = {};
    }
    if (!dateInput.value) dateInput.value = todayIso();

    // ---- the three tools as tabs, each addressable by its fragment
    function showTab(name, focus) {
      if (TABS.indexOf(name) < 0) return false;
      TABS.forEach(function (tab) {
        var panel = q("[data-panel='" + tab + "']");
        var link = q("[data-tab='" + tab + "']");
        panel.hidden = tab !== name;
        if (tab === name) link.setAttribute("aria-current", "true");
        else link.removeAttribute("aria-current");
      });
      if (focus) q("[data-panel='" + name + "'] h2").focus();
      return true;
    }
    Array.prototype.forEach.call(root.querySelectorAll("[data-panel] h2"), function (h) { h.tabIndex = -1; });
    root.classList.add("lt-calc--tabs");
    if (!showTab(location.hash.slice(1), false)) showTab(TABS[0], false);
    window.addEventListener("hashchange", function () { showTab(location.hash.slice(1), true); });
    Array.prototype.forEach.call(root.querySelectorAll("[data-tab]"), function (link) {
      link.addEventListener("click", function () { showTab(link.getAttribute("data-tab"), false); });
    });

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

    // ---- one message per cause, at the field (validated on blur and on submit, never while typing)
    function fieldError(name, message) {
      var input = q("[name='" + name + "']");
      var box = q("[data-error-for='" + name + "']");
      box.textContent = message || "";
      if (name === "group") return !message;
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      return !message;
    }

    function amountOf(name, low, high, optional) {
      var input = q("[name='" + name + "']");
      if (optional && !input.value.trim()) {
        fieldError(name, "");
        return null;
      }
      var value;
      try {
        value = parseAmount(input.value);
      } catch (error) {
        if (!(error instanceof AmountError)) throw error;
        if (error.cause === "too-large") value = Infinity;
        else {
          fieldError(name, "Hãy gõ số tiền, ví dụ 1.500.000");
          return undefined;
        }
      }
      if (low !== null && value < low) {
        fieldError(name, "Thấp nhất là " + money(low) + " đồng");
        return undefined;
      }
      if (high !== null && value > high) {
        fieldError(name, "Cao nhất là " + money(high) + " đồng");
        return undefined;
      }
      fieldError(name, "");
      return value;
    }

    function limitsNow() {
      try {
        return incomeLimits(timeline, day());
      } catch (error) {
        return [null, null];
      }
    }

    function renderLimits() {
      limitsOut.textContent = "";
      try {
        var lim = incomeLimits(timeline, day());
        range.min = lim[0];
        range.max = lim[1];
        range.step = 10000;
        var l = limits(timeline, day());
        var basis = figure(null, "", l.minimum.entries.concat(l.reference.entries), [SOURCE_MAX]);
        limitsOut.textContent = "Từ " + money(lim[0]) + " đến " + money(lim[1]) + " đồng/tháng" +
          (basis.confirmed ? "" : " (chưa đối chiếu văn bản gốc)") + ". Gõ như 1.500.000, 1,5 triệu hoặc 1tr5.";
      } catch (error) {
        showError(limitsOut, error);
      }
    }

    // The scheduled change, once, as one line beside the result: what this person pays from that day.
    function changeLine(args) {
      var ahead = changesBetween(timeline, day(), addDays(day(), 60)).filter(function (c) {
        return c.province === null || c.province === args.province;
      });
      if (!ahead.length) return null;
      var at = ahead[0].date;
      var confirmed = ahead.every(function (c) { return c.date !== at || c.confirmed; });
      try {
        var lim = incomeLimits(timeline, at);
        var income = Math.min(Math.max(args.income, lim[0]), lim[1]);
        var r = contribution(timeline, {
          income: income, groups: args.groups, date: at, months: args.months, province: args.province
        });
        var text = "Từ " + dayText(at).replace(/^0/, "").replace("/0", "/") + ": " + money(r.net) + " đồng/tháng";
        var notes = [];
        if (income !== args.income) notes.push("thu nhập thấp nhất lên " + money(lim[0]) + " đồng");
        if (!confirmed) notes.push("chưa đối chiếu văn bản gốc");
        return { text: text, note: notes.length ? "(" + notes.join("; ") + ")" : "", url: notices[at] || null };
      } catch (error) {
        if (error instanceof CalculationError) return null;
        throw error;
      }
    }

    function renderContribution(validate) {
      var months = parseInt(checkedValues(root, "months")[0] || "1", 10);
      var lim = limitsNow();
      var value = amountOf("income", lim[0], lim[1], false);
      var chosen = groups();
      var groupsOk = fieldError("group", chosen.length ? "" : "Hãy chọn ít nhất một nhóm");
      if (value === undefined || !groupsOk) {
        contributionOut.textContent = "";
        if (validate) {
          var wrong = value === undefined ? income : q("input[name='group']");
          wrong.focus();
        }
        return;
      }
      try {
        var args = { income: value, groups: chosen, date: day(), months: months, province: province.value || null };
        var r = contribution(timeline, args);
        contributionOut.textContent = "";
        var main = card("Người tham gia đóng", money(r.net) + " đồng/tháng",
          months === 1 ? null : "Mỗi lần đóng " + months + " tháng: " + money(r.total_net) + " đồng", r.figures.net, true);
        var change = changeLine(args);
        if (change) {
          var line = el("p", "lt-calc__change", change.text + " ");
          if (change.note) {
            line.appendChild(el("small", null, change.note));
            line.appendChild(document.createTextNode(" "));
          }
          if (change.url) {
            var more = el("a", null, "Chi tiết");
            more.href = change.url;
            line.appendChild(more);
          }
          main.insertBefore(line, main.children[2] || null);
        }
        contributionOut.appendChild(main);
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

    var STATUS_TEXT = {
      "du-dieu-kien": "Đã đủ điều kiện hưởng lương hưu",
      "se-du": "Sẽ đủ điều kiện khi đến tuổi nghỉ hưu",
      "dong-bu": "Đủ điều kiện nếu đóng một lần những tháng còn thiếu",
      "thieu": "Không đủ 15 năm đóng để hưởng lương hưu"
    };

    function paidMonths() {
      var years = q("[name='paid-years']").value.trim();
      var months = q("[name='paid-months']").value.trim();
      if (!years && !months) return 0;
      var y = years ? intValue(q("[name='paid-years']")) : 0;
      var m = months ? intValue(q("[name='paid-months']")) : 0;
      return y * 12 + m;
    }

    function renderPension(validate) {
      var startedInput = q("[name='started']");
      var lim = limitsNow();
      var past = amountOf("past-income", null, lim[1], false);
      var plan = amountOf("plan-income", lim[0], lim[1], true);
      if (past === undefined || plan === undefined) {
        pensionOut.textContent = "";
        if (validate) q(past === undefined ? "[name='past-income']" : "[name='plan-income']").focus();
        return;
      }
      try {
        var r = pension(timeline, {
          born: q("[name='born']").value, gender: checkedValues(root, "gender")[0], date: day(),
          paid_months: paidMonths(), income: past,
          plan_income: plan, groups: groups().length ? groups() : ["khac"],
          province: province.value || null, started: startedInput.value ? intValue(startedInput) : null
        });
        pensionOut.textContent = "";
        pensionOut.appendChild(card("Kết quả", STATUS_TEXT[r.status],
          "Đủ tuổi nghỉ hưu (" + ageText(r.required_age_months) + ") " + (r.past_age ? "từ " : "vào ") +
          monthText(parseMonth(r.age_month)), r.figures.retirement, true));
        pensionOut.appendChild(card("Số năm đóng", r.short_months ? "Còn thiếu " + durationText(r.short_months) : "Đủ",
          null, r.figures.condition));
        if (r.status === "dong-bu" || r.status === "thieu") {
          pensionOut.appendChild(card("Đóng một lần những tháng còn thiếu",
            r.missing === null ? "Không được" : "Từ " + money(r.missing) + " đồng", null, r.figures.missing));
        }
        if (r.pension_from !== null) {
          pensionOut.appendChild(card("Lương hưu ước tính (tiền hôm nay)", money(r.monthly_pension) + " đồng/tháng",
            "Từ " + monthText(parseMonth(r.pension_from)) + "; tỷ lệ " + pctText(r.rate_percent) + "%",
            r.figures.monthly_pension, true));
          pensionOut.appendChild(card("Tỷ lệ hưởng", pctText(r.rate_percent) + "%", null, r.figures.rate));
          if (r.retirement_allowance) {
            pensionOut.appendChild(card("Trợ cấp một lần khi nghỉ hưu", money(r.retirement_allowance) + " đồng",
              null, r.figures.retirement_allowance));
          }
          pensionOut.appendChild(card("Nếu nhận một lần thay cho lương hưu", money(r.lump_sum) + " đồng",
            "Chỉ được nhận một lần trong các trường hợp luật cho phép", r.figures.lump_sum));
          pensionOut.appendChild(card("So sánh", r.overtake_months === null ? "—" : r.overtake_months + " tháng",
            null, r.figures.overtake));
        } else {
          pensionOut.appendChild(card("Nếu nhận BHXH một lần", money(r.lump_sum) + " đồng",
            "Chỉ được nhận một lần trong các trường hợp luật cho phép", r.figures.lump_sum));
        }
        pensionOut.appendChild(card("Trợ cấp hưu trí xã hội",
          r.social_pension === null ? "—" : money(r.social_pension) + " đồng/tháng",
          "Từ " + monthText(parseMonth(r.social_pension_month)) + " nếu không có lương hưu", r.figures.social_pension));
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

    function all(validate) {
      renderLimits();
      renderContribution(validate === "contribution");
      renderPension(validate === "pension");
      renderBhyt();
    }

    // "Đối tượng khác" means none of the other groups: ticking it clears them, ticking one clears it.
    Array.prototype.forEach.call(root.querySelectorAll("input[name='group']"), function (box) {
      box.addEventListener("change", function () {
        if (!box.checked) return;
        Array.prototype.forEach.call(root.querySelectorAll("input[name='group']"), function (other) {
          if (other !== box && (box.value === "khac" || other.value === "khac")) other.checked = false;
        });
      });
    });

    Array.prototype.forEach.call(root.querySelectorAll("[data-amount]"), function (input) {
      var before = input.value;
      input.addEventListener("input", function (event) {
        formatWhileTyping(input, before, event.data);
        before = input.value;
        if (input === income) {
          try {
            range.value = parseAmount(income.value);
          } catch (error) {
            if (!(error instanceof AmountError)) throw error;
          }
        }
      });
    });
    range.addEventListener("input", function () {
      income.value = money(parseInt(range.value, 10));
      all();
    });
    // Text fields are checked when they are left ("change" fires on blur) or the form is sent;
    // choices (boxes, radios, lists, the date) apply at once.
    root.addEventListener("change", function (event) {
      if (event.target === range) return;
      all();
    });
    Array.prototype.forEach.call(root.querySelectorAll("form"), function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        all(form.getAttribute("data-part"));
      });
    });
    if (!income.value) {
      var low = limitsNow()[0];
      income.value = low === null ? "" : money(low);
    }
    try {
      range.value = parseAmount(income.value);
    } catch (error) {
      if (!(error instanceof AmountError)) throw error;
    }
    all();
    root.setAttribute("data-ready", "true");
  }

  var api = {
    contribution: function (args) { return contribution(state.timeline, args); },
    pension: function (args) { return pension(state.timeline, args); },
    bhyt: function (args) { return bhyt(state.timeline, args); },
    changesBetween: function (start, end) { return changesBetween(state.timeline, start, end); },
    parseAmount: function (text) {
      try { return { value: parseAmount(text) }; } catch (error) {
        if (error instanceof AmountError) return { error: error.cause };
        throw error;
      }
    },
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
