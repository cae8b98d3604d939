// The "Tìm kiếm" page: our own results list and filters over Pagefind's JavaScript API.
//
// Spelling: Pagefind folds every diacritic except đ (it has no Unicode decomposition), so
// each d the visitor types is tried as d and as đ, one Pagefind search per word spelling.
// Nothing extra is indexed, so an excerpt only ever shows the page's own text.
//
// Ranking (README, "Search"): among pages holding every word, first those holding them with
// the marks the visitor typed, side by side and in order; then a record (not a listing) whose
// title is the query as typed, then one whose title is the query and a note in brackets
// ("Sơn Tịnh (cũ)": a former unit of that name); then side by side and in order
// compared without marks; then those whose title holds them; then more neighbouring pairs
// of words side by side; then how often the page names the phrase (up to 3); then pages that
// state the rules (policy records, the calculator: REFERENCE_KINDS) before pages about one place
// or one person; then Pagefind's score (h1 titles weigh 7x body text), summed over the words.
// ?q= in the address starts a search.
//
// Abbreviations (tim-kiem/viet-tat.json, the site's table): the site writes "BHYT" where people
// type "bao hiem y te", and the other way round. A query is also searched with each run of words
// of the table replaced by its abbreviation (and each abbreviation by its words); a page ranks by
// the best of these readings, so "BHYT" in a title is the title holding "bảo hiểm y tế", and the
// abbreviation alone stands for the whole phrase (side by side, in order, as the visitor typed it).
//
// Shards (README, "Shards"): a site put together from builds of single provinces has one
// Pagefind index per province beside the national one (pagefind-<tỉnh>/), listed in
// tim-kiem/chi-muc.json; those deployed here are merged into every search (Pagefind's
// mergeIndex), so one query finds pages of every province.
//
// Languages (README, "Bản dịch"): Pagefind keeps one index per <html lang>; each approved
// translation has its own page in its language, so its words are in that language's index
// only. When the indexes hold other languages, a choice above the box says which one to
// search (?lang= in the address); Vietnamese is searched unless another is chosen.
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var TYPING_PAUSE_MS = 250;
  var MAX_D_PER_WORD = 3; // each d is d or đ: at most 2³ spellings of one word
  var MENTIONS_COUNTED = 3; // a page naming the phrase this often is about it; more says no more
  var FILTER_ORDER = ["Loại", "Mô hình", "Tỉnh", "Đối tượng"];
  var REFERENCE_KINDS = ["Chính sách", "Máy tính"]; // "Loại" values of the pages stating the rules
  var script = document.currentScript;
  var bundle = new URL("../pagefind/", script.src).href;
  var siteRoot = new URL("../", script.src).pathname;
  var indexList = new URL("../tim-kiem/chi-muc.json", script.src).href;
  var PAGE_LANGUAGE = "vi";
  var language = PAGE_LANGUAGE; // the index searched: Vietnamese, or a translation's language
  var abbreviationList = new URL("../tim-kiem/viet-tat.json", script.src).href;

  // --- words and spellings ----------------------------------------------------------

  function words(text) {
    // marks belong to the word (Tai Viet vowel signs are marks, not letters)
    return (text.normalize("NFC").toLocaleLowerCase("vi").match(/[\p{L}\p{M}\p{N}]+/gu) || []);
  }

  function fold(word) {
    return word.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d");
  }

  function hasMarks(word) {
    return fold(word) !== word;
  }

  function dSpellings(word) {
    var positions = [];
    for (var i = 0; i < word.length && positions.length < MAX_D_PER_WORD; i++) {
      if (word[i] === "d") positions.push(i);
    }
    var spellings = [];
    for (var mask = 0; mask < 1 << positions.length; mask++) {
      var letters = word.split("");
      positions.forEach(function (at, bit) { if (mask & (1 << bit)) letters[at] = "đ"; });
      spellings.push(letters.join(""));
    }
    return spellings;
  }

  // Every start p where word i of the query sits at p + i, for every i.
  function starts(locationSets) {
    return Array.from(locationSets[0] || []).filter(function (start) {
      return locationSets.every(function (set, i) { return set.has(start + i); });
    });
  }

  function inOrder(locationSets) {
    return starts(locationSets).length > 0;
  }

  // How many neighbouring pairs of query words also sit side by side, in order, on the page.
  function pairs(locationSets) {
    var count = 0;
    for (var i = 0; i + 1 < locationSets.length; i++) {
      if (inOrder([locationSets[i], locationSets[i + 1]])) count++;
    }
    return count;
  }

  // --- abbreviations -------------------------------------------------------------------

  var abbreviations = null; // [{short: "bhyt", long: ["bao", "hiem", "y", "te"]}], folded

  function loadAbbreviations() {
    if (!abbreviations) {
      abbreviations = fetch(abbreviationList).then(function (response) {
        return response.ok ? response.json() : { abbreviations: {} };
      }).catch(function () { return { abbreviations: {} }; }).then(function (data) {
        var table = data.abbreviations || {};
        return Object.keys(table).map(function (short) {
          return { short: fold(words(short).join("")), long: words(table[short]).map(fold) };
        });
      });
    }
    return abbreviations;
  }

  // The readings of a query: as typed, every run of an abbreviation's words replaced by it, every
  // abbreviation replaced by its words. A reading's term is {word, whole}: whole when it stands
  // for several words the visitor typed (it counts as them side by side, with their marks).
  function readings(terms, table) {
    var typed = terms.map(function (word) { return { word: word, whole: false }; });
    var found = [typed];
    var short = [];
    for (var i = 0; i < terms.length; i++) {
      var entry = table.filter(function (e) {
        return e.long.length > 1 && e.long.every(function (w, k) { return terms[i + k] !== undefined && fold(terms[i + k]) === w; });
      })[0];
      if (entry) {
        short.push({ word: entry.short, whole: true });
        i += entry.long.length - 1;
      } else {
        short.push(typed[i]);
      }
    }
    var long = [];
    typed.forEach(function (term) {
      var entry = table.filter(function (e) { return e.short === fold(term.word); })[0];
      if (entry) entry.long.forEach(function (w) { long.push({ word: w, whole: false }); });
      else long.push(term);
    });
    [short, long].forEach(function (reading) {
      var key = reading.map(function (t) { return t.word; }).join(" ");
      if (found.every(function (r) { return r.map(function (t) { return t.word; }).join(" ") !== key; })) {
        found.push(reading);
      }
    });
    return found;
  }

  // --- Pagefind ------------------------------------------------------------------------

  var pagefind = null;
  var exactPagefind = null; // a second instance that keeps marks (options only reach an instance's primary index)
  var others = null; // the provinces' indexes deployed beside this one
  var translated = {}; // language → Pagefind instance over that language's indexes
  var filterSets = {}; // language → "Tỉnh" → "Quảng Ngãi" → Set of page ids
  var queue = Promise.resolve(); // searches run one at a time

  function serial(task) {
    var run = queue.then(task);
    queue = run.catch(function () {});
    return run;
  }

  // The URLs of the other indexes listed in tim-kiem/chi-muc.json that answer here: a plain
  // build lists none, a merged site those of its provinces (a shard not deployed is skipped).
  function otherIndexes() {
    if (!others) {
      others = fetch(indexList).then(function (response) {
        return response.ok ? response.json() : { indexes: [] };
      }).catch(function () { return { indexes: [] }; }).then(function (data) {
        return Promise.all((data.indexes || []).map(function (index) {
          var url = new URL(index.path, new URL("../", script.src)).href;
          return fetch(url + "pagefind-entry.json").then(function (response) {
            return response.ok ? url : null;
          }, function () { return null; });
        }));
      }).then(function (urls) { return urls.filter(Boolean); });
    }
    return others;
  }

  function mergeAll(api, options) {
    return otherIndexes().then(function (urls) {
      return Promise.all(urls.map(function (url) { return api.mergeIndex(url, options); }));
    }).then(function () { return api; });
  }

  // Pagefind picks an instance's language from <html lang> when it is made (no option says
  // otherwise), so the page names the chosen language for that moment only.
  function instanceIn(module, lang, options) {
    var html = document.documentElement;
    var own = html.getAttribute("lang");
    html.setAttribute("lang", lang);
    try {
      return module.createInstance(options);
    } finally {
      html.setAttribute("lang", own);
    }
  }

  function load() {
    if (language !== PAGE_LANGUAGE) {
      var lang = language;
      if (!translated[lang]) {
        translated[lang] = load0().then(function () {
          return import(bundle + "pagefind.js");
        }).then(function (module) {
          var api = instanceIn(module, lang, { basePath: bundle, baseUrl: siteRoot });
          return mergeAll(api, { baseUrl: siteRoot, language: lang });
        });
      }
      return translated[lang];
    }
    return load0();
  }

  // The page's own language (Vietnamese): Pagefind's module instance.
  function load0() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module.options({ basePath: bundle, baseUrl: siteRoot }).then(function () {
          return mergeAll(module, { baseUrl: siteRoot });
        });
      });
    }
    return pagefind;
  }

  // Pagefind with exactDiacritics, over the same indexes: where a word typed with marks appears
  // with exactly those marks.
  function loadExact() {
    if (!exactPagefind) {
      exactPagefind = load().then(function () {
        return import(bundle + "pagefind.js");
      }).then(function (module) {
        var exact = module.createInstance({ basePath: bundle, baseUrl: siteRoot, exactDiacritics: true });
        return mergeAll(exact, { baseUrl: siteRoot, exactDiacritics: true });
      });
    }
    return exactPagefind;
  }

  function loadFilters(api) {
    if (filterSets[language]) return filterSets[language];
    filterSets[language] = api.filters().then(function (all) {
      var sets = {};
      var jobs = [];
      Object.keys(all).forEach(function (name) {
        sets[name] = {};
        Object.keys(all[name]).forEach(function (value) {
          var only = {};
          only[name] = value;
          jobs.push(serial(function () { return api.search(null, { filters: only }); }).then(function (found) {
            sets[name][value] = new Set(found.results.map(function (r) { return r.id; }));
          }));
        });
      });
      return Promise.all(jobs).then(function () { return sets; });
    });
    return filterSets[language];
  }

  // The languages of the indexes that answer here, other than the page's own: code → name
  // (names from tim-kiem/chi-muc.json, written from stories/_ngon-ngu.yaml).
  function otherLanguages() {
    var names = fetch(indexList).then(function (response) {
      return response.ok ? response.json() : {};
    }).catch(function () { return {}; }).then(function (data) { return data.languages || {}; });
    var entries = otherIndexes().then(function (urls) {
      return Promise.all([bundle].concat(urls).map(function (url) {
        return fetch(url + "pagefind-entry.json").then(function (response) {
          return response.ok ? response.json() : {};
        }).catch(function () { return {}; });
      }));
    });
    return Promise.all([names, entries]).then(function (both) {
      var found = {};
      both[1].forEach(function (entry) {
        Object.keys(entry.languages || {}).forEach(function (code) {
          if (code !== PAGE_LANGUAGE && code !== "unknown") found[code] = both[0][code] || code;
        });
      });
      return found;
    });
  }

  // One Pagefind search per spelling of each word; a page must hold every word (of one reading).
  function findPages(api, query, sets) {
    var typed = words(query);
    var kinds = (sets && sets["Loại"]) || {};
    var reference = new Set();
    REFERENCE_KINDS.forEach(function (kind) { (kinds[kind] || []).forEach(function (id) { reference.add(id); }); });
    // Spellings, marks and abbreviations are Vietnamese: another language is searched as typed.
    var vietnamese = language === PAGE_LANGUAGE;
    var marked = vietnamese && typed.some(hasMarks);
    return (vietnamese ? loadAbbreviations() : Promise.resolve([])).then(function (table) {
      var searches = {}; // spelling → Pagefind's answer, shared by the readings
      function search(instance, spelling, exact) {
        var key = (exact ? "=" : "") + spelling;
        if (!searches[key]) searches[key] = instance.search(spelling);
        return searches[key];
      }
      return serial(function () {
        return Promise.all(readings(typed, table).map(function (reading) {
          return findReading(api, reading, marked, search, reference, vietnamese);
        }));
      }).then(function (lists) {
        var best = {};
        lists.forEach(function (list) {
          list.forEach(function (page) {
            if (!best[page.id] || byRank(page, best[page.id]) < 0) best[page.id] = page;
          });
        });
        return Object.keys(best).map(function (id) { return best[id]; }).sort(byRank);
      });
    });
  }

  function findReading(api, reading, marked, search, reference, vietnamese) {
    var terms = reading.map(function (t) { return t.word; });
    var perWord = terms.map(function () { return {}; }); // page id → {score, spelling, at, exact}
    var jobs = [];
    terms.forEach(function (term, i) {
      (vietnamese ? dSpellings(term) : [term]).forEach(function (spelling) {
        jobs.push(search(api, spelling, false).then(function (found) {
          found.results.forEach(function (r) {
            var seen = perWord[i][r.id];
            if (!seen) {
              seen = perWord[i][r.id] = { score: 0, spelling: spelling, at: new Set(), exact: new Set(), title: false };
            }
            if (r.score > seen.score) { seen.score = r.score; seen.spelling = spelling; }
            seen.title = seen.title || (r.matchedMetaFields || []).indexOf("title") >= 0;
            r.words.forEach(function (at) { seen.at.add(at); });
          });
        }));
      });
    });
    return Promise.all(jobs).then(function () {
      if (!vietnamese || !terms.some(hasMarks)) return perWord; // the exact-marks index is Vietnamese
      // Where each word typed with marks appears with exactly those marks.
      return loadExact().then(function (exact) {
        return Promise.all(terms.map(function (term, i) {
          if (!hasMarks(term)) return null;
          return search(exact, term, true).then(function (found) {
            found.results.forEach(function (r) {
              var seen = perWord[i][r.id];
              if (seen) r.words.forEach(function (at) { seen.exact.add(at); });
            });
          });
        }));
      }).then(function () { return perWord; });
    }).then(function (perWord) {
      return rank(reading, perWord, marked, reference);
    });
  }

  // ``marked``: the visitor typed marks (a reading's abbreviation stands for the words as typed).
  function rank(reading, perWord, marked, reference) {
    var terms = reading.map(function (t) { return t.word; });
    if (!terms.length) return [];
    var whole = reading.length === 1 && reading[0].whole; // one abbreviation for the whole query
    var pages = Object.keys(perWord[0]).filter(function (id) {
      return perWord.every(function (found) { return found[id]; });
    });
    return pages.map(function (id) {
      var hits = perWord.map(function (found) { return found[id]; });
      var exactSets = hits.map(function (hit, i) { return hasMarks(terms[i]) ? hit.exact : hit.at; });
      var phrases = terms.length > 1 || whole ? starts(hits.map(function (hit) { return hit.at; })).length : 0;
      var pairCount = pairs(hits.map(function (hit) { return hit.at; }));
      return {
        id: id,
        terms: terms,
        whole: whole,
        spelling: hits.map(function (hit) { return hit.spelling; }).join(" "),
        score: hits.reduce(function (sum, hit) { return sum + hit.score; }, 0),
        exact: marked && inOrder(exactSets),
        // the page begins with the query, as typed: its title may be the query (confirm says)
        titled: starts(exactSets).indexOf(0) >= 0 ? 1 : 0,
        phrase: phrases > 0,
        // every word is in the title (Pagefind says so); side by side is checked on the page's words
        inTitle: hits.every(function (hit) { return hit.title; }),
        pairs: pairCount,
        gaps: terms.length - 1 - pairCount, // readings differ in length: pairs missing, not found
        mentions: Math.min(phrases, MENTIONS_COUNTED),
        marked: marked,
        reference: reference.has(id),
      };
    }).sort(byRank);
  }

  function byRank(a, b) {
    return (b.exact - a.exact) || (b.titled - a.titled) || (b.phrase - a.phrase) || (b.inTitle - a.inTitle) || (a.gaps - b.gaps)
      || (b.mentions - a.mentions) || (b.reference - a.reference) || (b.score - a.score);
  }

  // Pagefind's search "matches" start with the typed letters (dan → dành); the page's own
  // words settle the order of the results shown.
  function confirm(page, data) {
    function wordsOf(text) {
      return text.split(/\s+/).map(function (w) {
        return w.normalize("NFC").toLocaleLowerCase("vi").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      });
    }
    function chains(text, terms, same) {
      var found = 0;
      for (var start = 0; start + terms.length <= text.length; start++) {
        if (terms.every(function (term, i) { return same(text[start + i], term); })) found++;
      }
      return found;
    }
    function folded(word, term) { return fold(word) === fold(term); }
    var text = wordsOf(data.content);
    var terms = page.terms;
    var phrases = chains(text, terms, folded);
    var counted = terms.length > 1 || page.whole;
    page.phrase = counted && phrases > 0;
    var title = (data.meta && data.meta.title) || "";
    page.inTitle = chains(wordsOf(title), terms, folded) > 0;
    page.reference = REFERENCE_KINDS.indexOf((data.meta && data.meta.kind) || "") >= 0;
    page.titled = titled(title, data.meta && data.meta.kind, terms, page.marked);
    page.pairs = terms.slice(1).filter(function (term, i) { return chains(text, [terms[i], term], folded); }).length;
    page.gaps = terms.length - 1 - page.pairs;
    page.mentions = counted ? Math.min(phrases, MENTIONS_COUNTED) : 0;
    page.exact = page.marked && chains(text, terms, function (word, term) {
      return hasMarks(term) ? word === term : folded(word, term);
    }) > 0;
  }

  // A record (not a listing: those have no kind) titled with the query itself is the page about
  // it: 2 when the title is the query ("Sơn Tịnh"), 1 when it is the query and a note in
  // brackets ("Sơn Tịnh (cũ)", a former unit of that name), else 0. Compared as the visitor
  // typed: a word typed with marks must have them; one typed without matches any marks.
  function titled(title, kind, terms, marked) {
    if (!kind) return 0;
    function same(text) {
      var found = words(text);
      return found.length === terms.length && terms.every(function (term, i) {
        return marked && hasMarks(term) ? found[i] === term : fold(found[i]) === fold(term);
      });
    }
    if (same(title)) return 2;
    var bare = title.replace(/\s*\([^()]*\)\s*$/, "");
    return bare !== title && same(bare) ? 1 : 0;
  }

  function pageData(api, page, spellings) {
    if (!spellings[page.spelling]) {
      spellings[page.spelling] = serial(function () { return api.search(page.spelling); });
    }
    return spellings[page.spelling].then(function (found) {
      var result = found.results.filter(function (r) { return r.id === page.id; })[0];
      return result ? result.data() : null;
    });
  }

  function filterOnly(sets, chosen) {
    var ids = null;
    Object.keys(chosen).forEach(function (name) {
      var union = new Set();
      chosen[name].forEach(function (value) { (sets[name][value] || []).forEach(function (id) { union.add(id); }); });
      ids = ids ? new Set(Array.from(ids).filter(function (id) { return union.has(id); })) : union;
    });
    return ids;
  }

  // --- the page --------------------------------------------------------------------------

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function start(root) {
    var form = root.querySelector(".lt-search__form");
    var input = root.querySelector(".lt-search__input");
    var status = root.querySelector(".lt-search__status");
    var list = root.querySelector(".lt-search__results");
    var more = root.querySelector(".lt-search__more");
    var panel = root.querySelector(".lt-search__filters");
    var groups = root.querySelector(".lt-search__groups");
    var toggle = root.querySelector(".lt-search__toggle");
    var badge = root.querySelector(".lt-search__badge");
    var clear = root.querySelector(".lt-search__clear");
    var done = root.querySelector(".lt-search__done");
    var langs = root.querySelector(".lt-search__langs");

    var chosen = {}; // filter name → Set of values
    var ranked = [];
    var shown = 0;
    var run = 0;
    var timer = null;
    var spellings = {};

    function activeCount() {
      return Object.keys(chosen).reduce(function (n, name) { return n + chosen[name].size; }, 0);
    }

    function chosenLists() {
      var lists = {};
      Object.keys(chosen).forEach(function (name) { if (chosen[name].size) lists[name] = Array.from(chosen[name]); });
      return lists;
    }

    function setOpen(open) {
      root.classList.toggle("is-filtering", open);
      toggle.setAttribute("aria-expanded", String(open));
    }

    function say(text) {
      status.textContent = text;
    }

    function renderFilters(sets, pages) {
      var lists = chosenLists();
      groups.textContent = "";
      FILTER_ORDER.concat(Object.keys(sets).filter(function (n) { return FILTER_ORDER.indexOf(n) < 0; }))
        .filter(function (name) { return sets[name]; })
        .forEach(function (name) {
          var others = {};
          Object.keys(lists).forEach(function (n) { if (n !== name) others[n] = lists[n]; });
          var allowed = filterOnly(sets, others);
          var candidates = pages ? pages.filter(function (p) { return !allowed || allowed.has(p.id); }) : null;
          var box = element("fieldset", "lt-search__group");
          box.appendChild(element("legend", "lt-search__legend", name));
          Object.keys(sets[name]).sort(function (a, b) { return a.localeCompare(b, "vi"); }).forEach(function (value) {
            var ids = sets[name][value];
            var count = candidates
              ? candidates.filter(function (p) { return ids.has(p.id); }).length
              : Array.from(ids).filter(function (id) { return !allowed || allowed.has(id); }).length;
            var checked = Boolean(chosen[name] && chosen[name].has(value));
            if (!count && !checked) return;
            var label = element("label", "lt-search__option");
            var box_ = element("input");
            box_.type = "checkbox";
            box_.checked = checked;
            box_.dataset.filter = name;
            box_.value = value;
            label.appendChild(box_);
            label.appendChild(element("span", "lt-search__value", value));
            label.appendChild(element("span", "lt-search__count", String(count)));
            box.appendChild(label);
          });
          if (box.querySelector("input")) groups.appendChild(box);
        });
      var active = activeCount();
      badge.textContent = active ? String(active) : "";
      toggle.setAttribute("aria-label", active ? "Lọc, đang chọn " + active : "Lọc");
      clear.hidden = !active;
      panel.hidden = !groups.childElementCount;
      toggle.hidden = panel.hidden;
    }

    function renderResult(page, data) {
      var item = element("li", "lt-result");
      if (page.terms) { // why it sits where it does (read by the tests)
        item.dataset.exact = String(page.exact);
        item.dataset.titled = String(page.titled);
        item.dataset.phrase = String(page.phrase);
        item.dataset.title = String(page.inTitle);
        item.dataset.pairs = String(page.pairs);
        item.dataset.mentions = String(page.mentions);
        item.dataset.reference = String(page.reference);
        item.dataset.score = page.score.toFixed(2);
      }
      var meta = data.meta || {};
      item.appendChild(element("p", "lt-result__kind", meta.kind || "Danh sách"));
      var title = element("h2", "lt-result__title");
      var link = element("a", "", meta.title || data.url);
      link.href = data.url;
      if (language !== PAGE_LANGUAGE) title.lang = language;
      title.appendChild(link);
      item.appendChild(title);
      var where = [meta.place, meta.date].filter(Boolean).join(" · ");
      if (where) item.appendChild(element("p", "lt-result__where", where));
      var excerpt = element("p", "lt-result__excerpt");
      excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text and adds only <mark>
      if (language !== PAGE_LANGUAGE) excerpt.lang = language;
      item.appendChild(excerpt);
      return item;
    }

    // Loads the next PAGE_SIZE results, orders them by the page's own words, shows them.
    function showMore(api, thisRun, focusFirst) {
      var batch = ranked.slice(shown, shown + PAGE_SIZE);
      more.hidden = true;
      return Promise.all(batch.map(function (page) {
        return page.terms ? pageData(api, page, spellings) : page.data();
      })).then(function (loaded) {
        if (thisRun !== run) return;
        var pairs = batch.map(function (page, i) { return { page: page, data: loaded[i] }; })
          .filter(function (pair) { return pair.data; });
        pairs.forEach(function (pair) { if (pair.page.terms) confirm(pair.page, pair.data); });
        pairs.sort(function (a, b) { return a.page.terms ? byRank(a.page, b.page) : 0; });
        var first = null;
        pairs.forEach(function (pair) {
          var item = renderResult(pair.page, pair.data);
          first = first || item.querySelector("a");
          list.appendChild(item);
        });
        shown += batch.length;
        more.hidden = shown >= ranked.length;
        if (focusFirst && first) first.focus();
      });
    }

    // data-run names the last search started, data-done the last one drawn (results, filters,
    // count): the page is settled when they are equal. Tests wait for that, not for a count.
    function finished(thisRun) {
      if (thisRun !== run) return;
      root.removeAttribute("aria-busy");
      root.dataset.done = String(thisRun);
    }

    function search(query, pushAddress) {
      var thisRun = ++run;
      root.dataset.run = String(thisRun);
      var lists = chosenLists();
      var terms = words(query);
      if (pushAddress) {
        var address = new URL(window.location.href);
        if (query.trim()) address.searchParams.set("q", query.trim()); else address.searchParams.delete("q");
        window.history.replaceState(null, "", address);
      }
      if (!terms.length && !Object.keys(lists).length) {
        list.textContent = "";
        more.hidden = true;
        say("");
        return load().then(loadFilters).then(function (sets) {
          if (thisRun === run) renderFilters(sets, null);
        }).catch(function (error) {
          if (thisRun === run) say("Chưa tìm được: hãy tải lại trang. (" + error.message + ")");
        }).finally(function () { finished(thisRun); });
      }
      root.setAttribute("aria-busy", "true");
      return load().then(function (api) {
        return loadFilters(api).then(function (sets) {
          var pages = terms.length ? findPages(api, query, sets) : null;
          return Promise.resolve(pages).then(function (found) {
            if (thisRun !== run) return null;
            var allowed = filterOnly(sets, lists);
            if (found) {
              ranked = found.filter(function (p) { return !allowed || allowed.has(p.id); });
            } else {
              // Filters alone: every page they select, in Pagefind's order.
              ranked = [];
              var any = {}; // a value of any chosen in each group (Pagefind's arrays mean "all of")
              Object.keys(lists).forEach(function (name) { any[name] = { any: lists[name] }; });
              return serial(function () { return api.search(null, { filters: any }); }).then(function (all) {
                if (thisRun !== run) return null;
                ranked = all.results.filter(function (r) { return !allowed || allowed.has(r.id); });
                return finish(api, sets, null);
              });
            }
            return finish(api, sets, found);
          });
        });
      }).catch(function (error) {
        if (thisRun === run) say("Chưa tìm được: hãy tải lại trang. (" + error.message + ")");
      }).finally(function () { finished(thisRun); });

      function finish(api, sets, found) {
        list.textContent = "";
        shown = 0;
        spellings = {};
        renderFilters(sets, found);
        var shownQuery = query.trim() ? "“" + query.trim() + "”" : "bộ lọc đã chọn";
        say(ranked.length
          ? ranked.length + " kết quả cho " + shownQuery
          : "Không tìm thấy kết quả cho " + shownQuery + ". Thử gõ ít chữ hơn hoặc bỏ bớt bộ lọc.");
        return showMore(api, thisRun, false);
      }
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      load(); // the first letters start the download of Pagefind
      timer = window.setTimeout(function () { search(input.value, true); }, TYPING_PAUSE_MS);
    });
    input.addEventListener("focus", function () {
      if (!run) search(input.value, false); // loads Pagefind and shows the filters, to browse by them
    }, { once: true });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      search(input.value, true);
    });
    groups.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.dataset.filter) return;
      var name = box.dataset.filter;
      chosen[name] = chosen[name] || new Set();
      if (box.checked) chosen[name].add(box.value); else chosen[name].delete(box.value);
      var focusKey = [name, box.value];
      search(input.value, false).then(function () {
        // The list was redrawn: keep the keyboard on the same checkbox.
        var again = Array.from(groups.querySelectorAll("input")).filter(function (b) {
          return b.dataset.filter === focusKey[0] && b.value === focusKey[1];
        })[0];
        if (again) again.focus();
      });
    });
    clear.addEventListener("click", function () {
      chosen = {};
      search(input.value, false).then(function () { toggle.focus(); });
    });
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    done.addEventListener("click", function () {
      setOpen(false);
      var firstResult = list.querySelector("a");
      (firstResult || toggle).focus();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
    more.addEventListener("click", function () {
      load().then(function (api) { return showMore(api, run, true); });
    });

    // The language choice: shown when the indexes hold a translation's language.
    function chooseLanguage(code) {
      language = code;
      chosen = {};
      var address = new URL(window.location.href);
      if (code === PAGE_LANGUAGE) address.searchParams.delete("lang"); else address.searchParams.set("lang", code);
      window.history.replaceState(null, "", address);
      // what is typed is in that language (its font too: the site's :lang() rules); so are the
      // titles and excerpts found (renderResult)
      if (code === PAGE_LANGUAGE) input.removeAttribute("lang"); else input.lang = code;
      return search(input.value, false);
    }

    function showLanguages(found, wanted) {
      var codes = Object.keys(found).sort();
      if (!langs || !codes.length) return false;
      var options = langs.querySelector(".lt-search__lang-options");
      [[PAGE_LANGUAGE, "Tiếng Việt"]].concat(codes.map(function (code) { return [code, "Tiếng " + found[code]]; }))
        .forEach(function (pair) {
          var label = element("label", "lt-search__option");
          var radio = element("input");
          radio.type = "radio";
          radio.name = "lt-search-lang";
          radio.value = pair[0];
          radio.checked = pair[0] === wanted;
          label.appendChild(radio);
          label.appendChild(element("span", "lt-search__value", pair[1]));
          options.appendChild(label);
        });
      langs.hidden = false;
      langs.addEventListener("change", function (event) {
        if (event.target.name === "lt-search-lang") chooseLanguage(event.target.value);
      });
      return codes.indexOf(wanted) >= 0;
    }

    root.classList.add("is-ready");
    var params = new URLSearchParams(window.location.search);
    var query = params.get("q");
    if (query) input.value = query;
    var wanted = (params.get("lang") || PAGE_LANGUAGE).toLowerCase();
    otherLanguages().then(function (found) {
      var known = showLanguages(found, wanted);
      if (known && wanted !== PAGE_LANGUAGE) return chooseLanguage(wanted);
      if (query) return search(query, false);
      return null;
    }, function () {
      if (query) search(query, false);
    }).finally(function () { root.dataset.languages = "ready"; });
  }

  function begin() {
    var root = document.getElementById("lt-search");
    if (root) start(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", begin);
  else begin();
})();
