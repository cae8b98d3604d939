// Pagefind UI on the "Tìm kiếm" page; ?q= in the address starts a search.
(function () {
  function start() {
    if (typeof PagefindUI === "undefined") return;
    var ui = new PagefindUI({
      element: "#lt-search",
      showSubResults: false,
      showImages: false,
      pageSize: 10,
      excerptLength: 24,
      translations: {
        placeholder: "Tìm câu chuyện, địa phương, mô hình…",
        clear_search: "Xóa",
        load_more: "Xem thêm kết quả",
        search_label: "Tìm trong trang",
        filters_label: "Lọc",
        zero_results: "Không tìm thấy kết quả cho [SEARCH_TERM]",
        many_results: "[COUNT] kết quả cho [SEARCH_TERM]",
        one_result: "[COUNT] kết quả cho [SEARCH_TERM]",
        alt_search: "Không có kết quả cho [SEARCH_TERM]. Kết quả cho [DIFFERENT_TERM]",
        search_suggestion: "Không có kết quả cho [SEARCH_TERM]. Thử:",
        searching: "Đang tìm [SEARCH_TERM]…"
      }
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
