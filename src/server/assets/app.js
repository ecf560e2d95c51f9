// nianbao web page: search, report and problems views over the JSON API. Plain JavaScript, no dependencies.
"use strict";

const PAGE_SIZE = 20;
const FACETS = ["year", "region", "level"];

const LEVEL_NAMES = {
  township: "乡镇/街道", county: "县级", city: "地市级", province: "省级", department: "部门",
};

const DENIED_ROWS = ["state_secret", "prohibited_by_law", "security_stability", "third_party",
  "internal_affairs", "process_info", "enforcement_file", "query_matter"];
const REVIEW_PARTS = [
  ["reconsideration", "行政复议"],
  ["litigation_direct", "行政诉讼（未经复议直接起诉）"],
  ["litigation_after_reconsideration", "行政诉讼（复议后起诉）"],
];

// The filter builder's common cases: the expression each chip adds (ANDed together).
const FILTERS = {
  received: "applications.new_received.total > 0",
  denied: "(" + DENIED_ROWS.map((row) => `applications.denied.${row}.total > 0`).join(" OR ") + ")",
  sued: "(" + REVIEW_PARTS.map(([part]) => `review_litigation.${part}.total > 0`).join(" OR ") + ")",
  broken: "consistent = false",
};

const APPLICANT_COLUMNS = [["natural_person", "自然人"], ["commercial", "商业企业"], ["research", "科研机构"],
  ["social", "社会公益组织"], ["legal", "法律服务机构"], ["other", "其他"], ["total", "总计"]];

// Table 3 rows: key, label, indent level (0 = section heading without figures).
const APPLICATION_ROWS = [
  ["new_received", "一、本年新收政府信息公开申请数量", 1],
  ["carried_over", "二、上年结转政府信息公开申请数量", 1],
  [null, "三、本年度办理结果", 0],
  ["granted", "（一）予以公开", 1],
  ["partly_granted", "（二）部分公开", 1],
  [null, "（三）不予公开", 0],
  ["denied.state_secret", "1. 属于国家秘密", 2],
  ["denied.prohibited_by_law", "2. 其他法律行政法规禁止公开", 2],
  ["denied.security_stability", "3. 危及“三安全一稳定”", 2],
  ["denied.third_party", "4. 保护第三方合法权益", 2],
  ["denied.internal_affairs", "5. 属于三类内部事务信息", 2],
  ["denied.process_info", "6. 属于四类过程性信息", 2],
  ["denied.enforcement_file", "7. 属于行政执法案卷", 2],
  ["denied.query_matter", "8. 属于行政查询事项", 2],
  [null, "（四）无法提供", 0],
  ["unable.not_held", "1. 本机关不掌握相关政府信息", 2],
  ["unable.needs_creation", "2. 没有现成信息需要另行制作", 2],
  ["unable.unclear", "3. 补正后申请内容仍不明确", 2],
  [null, "（五）不予处理", 0],
  ["not_processed.complaint", "1. 信访举报投诉类申请", 2],
  ["not_processed.duplicate", "2. 重复申请", 2],
  ["not_processed.publication", "3. 要求提供公开出版物", 2],
  ["not_processed.excessive", "4. 无正当理由大量反复申请", 2],
  ["not_processed.reconfirm", "5. 要求行政机关确认或重新出具已获取信息", 2],
  ["other_combined", "（六）其他处理", 1],
  [null, "（六）其他处理", 0],
  ["other.no_correction", "1. 申请人无正当理由逾期不补正", 2],
  ["other.unpaid_fee", "2. 申请人逾期未按收费通知要求缴纳费用", 2],
  ["other.other", "3. 其他", 2],
  ["closed_total", "（七）总计", 1],
  ["carried_to_next", "四、结转下年度继续办理", 1],
];

const PROACTIVE_ROWS = [["regulations", "规章"], ["normative_documents", "行政规范性文件"], ["licensing", "行政许可"],
  ["other_services", "其他对外管理服务事项"], ["punishment", "行政处罚"], ["coercion", "行政强制"],
  ["fees", "行政事业性收费"], ["procurement", "政府集中采购"]];
const PROACTIVE_COLUMNS = [["issued", "本年制发件数"], ["repealed", "本年废止件数"], ["in_force", "现行有效件数"],
  ["decisions", "本年处理决定数量"], ["fee_amount", "本年收费金额（万元）"], ["new_made", "本年新制作数量"],
  ["new_published", "本年新公开数量"], ["total_published", "对外公开总数量"], ["items_last_year", "上一年项目数量"],
  ["items_change", "本年增/减"], ["procurement_items", "采购项目数量"], ["procurement_amount", "采购总金额"]];
const OUTCOME_COLUMNS = [["upheld", "结果维持"], ["corrected", "结果纠正"], ["other", "其他结果"],
  ["pending", "尚未审结"], ["total", "总计"]];

const CHECK_RULES = {
  balance: "收支平衡（第一项＋第二项＝第三项＋第四项）",
  row_sum: "行合计（各类申请人之和＝总计）",
  outcome_sum: "办理结果合计（（一）至（六）之和＝（七）总计）",
  review_total: "复议诉讼合计（四项之和＝总计）",
};

const HIGHLIGHT_FIELDS = {
  title: "标题", text: "正文", agency: "机关", problems: "存在问题", improvements: "改进情况",
  "sections.overview": "总体情况", "sections.proactive": "主动公开", "sections.applications": "依申请公开",
  "sections.review_litigation": "复议诉讼", "sections.problems_and_improvements": "问题与改进", "sections.other": "其他事项",
};

// ---------- small helpers ----------

const $ = (selector, root = document) => root.querySelector(selector);

/** Creates an element with attributes and children (strings become text nodes: never parsed as HTML). */
function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.className = value;
    else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A highlighted snippet as nodes: only text and <mark> survive, whatever else the string holds. */
function highlighted(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  const walk = (node, target) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) target.append(child.textContent);
      else if (child.nodeName === "MARK") target.append(h("mark", {}, child.textContent));
      else walk(child, target);
    }
  };
  walk(template.content, out);
  return out;
}

function levelName(level) { return LEVEL_NAMES[level] || level || ""; }

/** Quotes a string value for the filter language. */
function quoted(value) { return '"' + String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"'; }

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.message ? body.message : `HTTP ${response.status}`;
    const error = new Error(message);
    error.code = body && body.code;
    error.status = response.status;
    throw error;
  }
  return body;
}

function showError(element, error) {
  if (!error) { element.hidden = true; element.textContent = ""; return; }
  element.hidden = false;
  element.textContent = error.code ? `${error.message}（${error.code}）` : error.message;
}

// ---------- state in the URL hash ----------

/** The search state: query, chips, selects, custom filter, page. */
function readSearchState(params) {
  return {
    q: params.get("q") || "",
    chips: (params.get("chips") || "").split(",").filter((chip) => chip in FILTERS),
    year: params.get("year") || "",
    region: params.get("region") || "",
    level: params.get("level") || "",
    sort: params.get("sort") || "",
    custom: params.get("filter") || "",
    page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1),
  };
}

function searchHash(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.chips.length) params.set("chips", state.chips.join(","));
  for (const key of ["year", "region", "level", "sort"]) if (state[key]) params.set(key, state[key]);
  if (state.custom) params.set("filter", state.custom);
  if (state.page > 1) params.set("page", String(state.page));
  const query = params.toString();
  return "#/" + (query ? "?" + query : "");
}

/** The filter expression of a search state. */
function filterOf(state) {
  const parts = state.chips.map((chip) => FILTERS[chip]);
  if (state.year) parts.push(`year = ${parseInt(state.year, 10)}`);
  if (state.region) parts.push(`region = ${quoted(state.region)}`);
  if (state.level) parts.push(`level = ${quoted(state.level)}`);
  if (state.custom.trim()) parts.push(`(${state.custom.trim()})`);
  return parts.join(" AND ");
}

let current = readSearchState(new URLSearchParams());
let lastSearchHash = "#/";

function go(state) {
  const hash = searchHash(state);
  if (location.hash === hash) route(); else location.hash = hash;
}

// ---------- search view ----------

function syncControls(state) {
  $("#q").value = state.q;
  for (const chip of document.querySelectorAll(".chip")) {
    chip.setAttribute("aria-pressed", String(state.chips.includes(chip.dataset.filter)));
  }
  $("#f-sort").value = state.sort;
  $("#f-custom").value = state.custom;
  if (state.custom) $("#advanced").open = true;
  const filter = filterOf(state);
  $("#filter-shown").textContent = filter || "（无）";
}

/** Fills a select with facet values (keeping the selected one even when its count is 0). */
function fillSelect(select, counts, selected, label) {
  const entries = Object.entries(counts || {});
  if (selected && !entries.some(([value]) => value === selected)) entries.push([selected, 0]);
  select.replaceChildren(h("option", { value: "" }, "全部"),
    ...entries.map(([value, count]) =>
      h("option", { value, selected: value === selected }, `${label(value)}（${count}）`)));
}

function sortedFacet(name, counts) {
  const entries = Object.entries(counts || {});
  if (name === "year") entries.sort((a, b) => b[0].localeCompare(a[0]));
  else entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "zh"));
  return Object.fromEntries(entries);
}

function renderFacets(facets, state) {
  const names = { year: "年度", region: "地区", level: "层级" };
  const aside = $("#facets");
  aside.replaceChildren();
  for (const name of FACETS) {
    const counts = sortedFacet(name, facets[name]);
    const entries = Object.entries(counts);
    if (!entries.length) continue;
    aside.append(h("h3", {}, names[name]), h("ul", {}, entries.map(([value, count]) => {
      const on = state[name] === value;
      return h("li", {}, h("button", {
        type: "button", class: on ? "on" : "", "data-facet": name, "data-value": value,
        title: on ? "取消此条件" : "只看此项",
        onclick: () => go({ ...state, [name]: on ? "" : value, page: 1 }),
      }, h("span", {}, name === "level" ? levelName(value) : value), h("span", { class: "count" }, count)));
    })));
  }
  fillSelect($("#f-year"), sortedFacet("year", facets.year), state.year, (v) => v);
  fillSelect($("#f-region"), sortedFacet("region", facets.region), state.region, (v) => v);
  fillSelect($("#f-level"), sortedFacet("level", facets.level), state.level, levelName);
}

/** The title to show: the printed title, with the body's name in front when the title lacks it. */
function displayTitle(report) {
  const title = report.title || "";
  const agency = report.agency || "";
  if (!title) return agency || report.file;
  const core = agency.replace(/(人民政府|政府)$/, "");
  return core && !title.includes(core) ? `${report.region || ""}${agency} ${title}` : title;
}

function renderHit(hit) {
  const title = displayTitle(hit);
  const consistent = hit.consistent === false ? h("span", { class: "badge bad" }, "勾稽不符")
    : hit.consistent === true ? h("span", { class: "badge ok" }, "勾稽一致") : null;
  const snippets = Object.entries(hit.highlights || {})
    .filter(([field]) => field !== "title")
    .map(([field, html]) => h("p", { class: "snippet" },
      h("span", { class: "field" }, HIGHLIGHT_FIELDS[field] || field), highlighted(html)));
  const titleNode = hit.highlights && hit.highlights.title ? highlighted(hit.highlights.title) : title;
  return h("li", { class: "hit", "data-id": hit.id },
    h("a", { class: "title", href: `#/report/${encodeURIComponent(hit.id)}` }, titleNode),
    h("div", { class: "meta" },
      hit.agency ? h("span", {}, hit.agency) : null,
      hit.region ? h("span", {}, hit.region) : null,
      hit.year ? h("span", {}, `${hit.year} 年度`) : null,
      hit.level ? h("span", {}, levelName(hit.level)) : null,
      consistent,
      h("span", { class: "file" }, hit.file)),
    snippets);
}

function renderPager(total, state) {
  const pages = Math.ceil(total / PAGE_SIZE);
  const pager = $("#pager");
  pager.replaceChildren();
  if (pages <= 1) return;
  const button = (label, page, extra = {}) => h("button", {
    type: "button", disabled: page < 1 || page > pages, ...extra,
    onclick: () => go({ ...state, page }),
  }, label);
  pager.append(button("上一页", state.page - 1));
  const first = Math.max(1, state.page - 4);
  const last = Math.min(pages, first + 8);
  for (let page = first; page <= last; page++) {
    pager.append(button(String(page), page, page === state.page ? { "aria-current": "page" } : {}));
  }
  pager.append(button("下一页", state.page + 1));
}

let searchSeq = 0;

async function runSearch(state) {
  const seq = ++searchSeq;
  syncControls(state);
  const filter = filterOf(state);
  const body = {
    q: state.q || null, filter: filter || null, facets: FACETS, sort: state.sort || null,
    limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE, highlight: true,
  };
  const exportQuery = filter ? "?filter=" + encodeURIComponent(filter) : "";
  try {
    const result = await api("/api/search", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
    });
    if (seq !== searchSeq) return;
    showError($("#error"), null);
    $("#summary").replaceChildren(
      h("span", {}, "共 ", h("strong", { id: "total" }, String(result.total)), " 份报告"),
      h("a", { href: "/api/export.csv" + exportQuery, download: "" }, "导出数字（CSV）"),
      h("a", { href: "/api/export.ndjson" + exportQuery, download: "" }, "NDJSON"));
    $("#hits").replaceChildren(...result.hits.map(renderHit));
    if (!result.hits.length) $("#hits").append(h("li", { class: "empty" }, "没有找到符合条件的报告。"));
    renderFacets(result.facets || {}, state);
    renderPager(result.total, state);
  } catch (error) {
    if (seq !== searchSeq) return;
    showError($("#error"), error);
    $("#hits").replaceChildren();
    $("#summary").replaceChildren();
    $("#pager").replaceChildren();
  }
}

function bindSearchControls() {
  $("#search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    go({ ...current, q: $("#q").value.trim(), custom: $("#f-custom").value.trim(), page: 1 });
  });
  for (const chip of document.querySelectorAll(".chip")) {
    chip.addEventListener("click", () => {
      const name = chip.dataset.filter;
      const chips = current.chips.includes(name)
        ? current.chips.filter((other) => other !== name) : [...current.chips, name];
      go({ ...current, q: $("#q").value.trim(), chips, page: 1 });
    });
  }
  for (const [id, key] of [["#f-year", "year"], ["#f-region", "region"], ["#f-level", "level"], ["#f-sort", "sort"]]) {
    $(id).addEventListener("change", (event) => go({ ...current, [key]: event.target.value, page: 1 }));
  }
  $("#f-custom").addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); go({ ...current, custom: event.target.value.trim(), page: 1 }); }
  });
  $("#clear-filters").addEventListener("click", () => go({ ...readSearchState(new URLSearchParams()), q: current.q }));
}

// ---------- report view ----------

/** Cell path → the broken checks that involve it. */
function brokenCells(report) {
  const cells = new Map();
  for (const check of report.checks || []) {
    if (check.ok) continue;
    for (const path of check.cells || []) {
      if (!cells.has(path)) cells.set(path, []);
      cells.get(path).push(check);
    }
  }
  return cells;
}

/** A check's scope (a column, row or part key) in Chinese. */
function scopeLabel(scope) {
  const column = APPLICANT_COLUMNS.find(([key]) => key === scope);
  if (column) return `“${column[1]}”列`;
  const row = APPLICATION_ROWS.find(([key]) => key === scope);
  if (row) return `“${row[1].replace(/^[一二三四、（）()一二三四五六七\d.． ]+/, "")}”行`;
  const part = REVIEW_PARTS.find(([key]) => key === scope);
  if (part) return part[1];
  return scope;
}

function checkText(check) {
  const rule = CHECK_RULES[check.rule] || check.rule;
  const printed = check.printed === null || check.printed === undefined ? "空白" : check.printed;
  return `${rule} · ${scopeLabel(check.scope)}：应为 ${check.expected}，报告填写 ${printed}`;
}

function figureCell(path, value, broken) {
  const checks = broken.get(path) || [];
  const blank = value === null || value === undefined;
  return h("td", {
    class: [blank ? "blank" : "", checks.length ? "broken" : ""].join(" ").trim() || null,
    title: checks.length ? checks.map(checkText).join("\n") : path,
    "data-path": path,
  }, blank ? "—" : String(value));
}

function applicationRow(applications, key) {
  if (!applications || !key) return undefined;
  const dot = key.indexOf(".");
  if (dot < 0) return applications[key];
  const group = applications[key.slice(0, dot)];
  return group ? group[key.slice(dot + 1)] : undefined;
}

function table3(report, broken) {
  const applications = report.applications;
  if (!applications) return h("p", { class: "empty" }, "报告中没有识别出此表。");
  const head = h("thead", {},
    h("tr", {}, h("th", { rowspan: 2 }, "项目"), h("th", { rowspan: 2 }, "自然人"),
      h("th", { colspan: 5 }, "法人或其他组织"), h("th", { rowspan: 2 }, "总计")),
    h("tr", {}, APPLICANT_COLUMNS.slice(1, 6).map(([, label]) => h("th", {}, label))));
  const hasCombined = applicationRow(applications, "other_combined") !== undefined;
  const rows = APPLICATION_ROWS.filter(([key, label]) => {
    if (key === "other_combined") return hasCombined;
    if (key === null && label === "（六）其他处理") return !hasCombined;
    if (key && key.startsWith("other.")) return !hasCombined;
    return true;
  }).map(([key, label, indent]) => {
    if (key === null) {
      return h("tr", {}, h("th", { class: "row group", colspan: 8 }, label));
    }
    const row = applicationRow(applications, key) || {};
    return h("tr", {}, h("th", { class: `row indent${indent}` }, label),
      APPLICANT_COLUMNS.map(([column]) => figureCell(`applications.${key}.${column}`, row[column], broken)));
  });
  return h("div", { class: "table-wrap" }, h("table", { class: "figures", id: "table3" }, head, h("tbody", {}, rows)));
}

function table2(report, broken) {
  const proactive = report.proactive || {};
  const rows = PROACTIVE_ROWS.filter(([key]) => proactive[key]);
  if (!rows.length) return h("p", { class: "empty" }, "报告中没有识别出此表。");
  const columns = PROACTIVE_COLUMNS.filter(([column]) => rows.some(([row]) => column in proactive[row]));
  return h("div", { class: "table-wrap" }, h("table", { class: "figures", id: "table2" },
    h("thead", {}, h("tr", {}, h("th", {}, "信息内容"), columns.map(([, label]) => h("th", {}, label)))),
    h("tbody", {}, rows.map(([row, label]) => h("tr", {}, h("th", { class: "row" }, label),
      columns.map(([column]) => column in proactive[row]
        ? figureCell(`proactive.${row}.${column}`, proactive[row][column], broken)
        : h("td", { class: "blank" }, "")))))));
}

function table4(report, broken) {
  const review = report.review_litigation;
  if (!review) return h("p", { class: "empty" }, "报告中没有识别出此表。");
  return h("div", { class: "table-wrap" }, h("table", { class: "figures", id: "table4" },
    h("thead", {}, h("tr", {}, h("th", {}, "类别"), OUTCOME_COLUMNS.map(([, label]) => h("th", {}, label)))),
    h("tbody", {}, REVIEW_PARTS.map(([part, label]) => h("tr", {}, h("th", { class: "row" }, label),
      OUTCOME_COLUMNS.map(([column]) =>
        figureCell(`review_litigation.${part}.${column}`, (review[part] || {})[column], broken)))))));
}

function statementList(items, empty) {
  if (!items || !items.length) return h("p", { class: "empty" }, empty);
  return h("ol", { class: "statements" }, items.map((item) => h("li", {}, item)));
}

async function showReport(id) {
  const target = $("#report");
  target.replaceChildren(h("p", { class: "empty" }, "加载中…"));
  $("#back-link").setAttribute("href", lastSearchHash);
  let report;
  try {
    report = await api(`/api/reports/${encodeURIComponent(id)}`);
  } catch (error) {
    target.replaceChildren(h("div", { class: "error" }, `${error.message}`));
    return;
  }
  document.title = `${report.title || report.agency || report.file} · 年报检索`;
  const broken = brokenCells(report);
  const brokenChecks = (report.checks || []).filter((check) => !check.ok);
  const fact = (label, value) => h("div", {}, h("dt", {}, label),
    h("dd", {}, value === null || value === undefined || value === "" ? "—" : value));
  target.replaceChildren(...[
    h("div", { class: "report-head" },
      h("h1", {}, report.title ? displayTitle(report)
        : `${report.region || ""}${report.agency || ""}${report.year || ""}年政府信息公开工作年度报告`),
      h("dl", { class: "facts" },
        fact("机关", report.agency), fact("地区", report.region), fact("层级", levelName(report.level)),
        fact("报告年度", report.year), fact("发布日期", report.published), fact("模板", report.template),
        fact("勾稽关系", report.consistent === false ? `不符（${brokenChecks.length} 处）`
          : report.consistent === true ? "一致" : "无法核对"),
        fact("文件", report.file)),
      h("p", { class: "source-link" },
        h("a", { href: `/api/reports/${encodeURIComponent(report.id)}/source`, target: "_blank", rel: "noopener" }, "查看原文"),
        " · ",
        h("a", { href: `/api/reports/${encodeURIComponent(report.id)}`, target: "_blank", rel: "noopener" }, "JSON 记录"))),
    brokenChecks.length ? h("section", { class: "card" }, h("h2", {}, "勾稽不符"),
      h("ul", { class: "checks" }, brokenChecks.map((check) => h("li", { class: "bad" }, checkText(check)))),
      h("p", { class: "hint" }, "表中红框标出了涉及的单元格；数字按原文照录，未作修改。")) : null,
    h("section", { class: "card" }, h("h2", {}, "二、主动公开政府信息情况"), table2(report, broken)),
    h("section", { class: "card" }, h("h2", {}, "三、收到和处理政府信息公开申请情况"), table3(report, broken)),
    h("section", { class: "card" }, h("h2", {}, "四、政府信息公开行政复议、行政诉讼情况"), table4(report, broken)),
    h("section", { class: "card" }, h("h2", {}, "存在的主要问题"),
      statementList(report.problems, "报告未列出问题。")),
    h("section", { class: "card" }, h("h2", {}, "改进情况"),
      statementList(report.improvements, "报告未列出改进措施。")),
    report.warnings && report.warnings.length ? h("section", { class: "card warnings" }, h("h2", {}, "解析提示"),
      h("ul", {}, report.warnings.map((warning) => h("li", {}, `${warning.message}（${warning.code}）`)))) : null,
  ].filter(Boolean));
}

// ---------- problems view ----------

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A small bar chart of counts per year (inline SVG). */
function yearChart(byYear) {
  const entries = Object.entries(byYear || {}).sort((a, b) => a[0].localeCompare(b[0]));
  if (!entries.length) return null;
  const barWidth = 26, gap = 6, height = 60, top = 12, bottom = 14;
  const max = Math.max(...entries.map(([, count]) => count), 1);
  const width = entries.length * (barWidth + gap);
  return svg("svg", { class: "chart", width, height: height + top + bottom, viewBox: `0 0 ${width} ${height + top + bottom}`,
    role: "img", "aria-label": "逐年报告数" },
  entries.map(([year, count], index) => {
    const barHeight = Math.max(1, Math.round((count / max) * height));
    const x = index * (barWidth + gap);
    return svg("g", {},
      svg("title", {}, `${year} 年：${count} 份`),
      svg("rect", { x, y: top + height - barHeight, width: barWidth, height: barHeight, rx: 2 }),
      svg("text", { x: x + barWidth / 2, y: top + height - barHeight - 2, "text-anchor": "middle" }, count),
      svg("text", { x: x + barWidth / 2, y: top + height + 11, "text-anchor": "middle" }, year));
  }));
}

function renderThemes(themes) {
  if (!themes.length) return h("p", { class: "empty" }, "没有符合条件的问题主题。");
  const max = Math.max(...themes.map((theme) => theme.report_count || 0), 1);
  return h("ol", { class: "themes" }, themes.map((theme) => {
    const reports = theme.report_count || 0;
    const statements = theme.statement_count;
    const examples = theme.examples || [];
    const bar = h("div", { class: "bar" });
    bar.style.width = `${Math.round((reports / max) * 100)}%`;
    return h("li", { class: "theme" },
      h("div", { class: "theme-head" },
        h("strong", {}, theme.label || "（未命名主题）"),
        h("span", { class: "meta" }, `${reports} 份报告`,
          typeof statements === "number" ? ` · ${statements} 条表述` : "")),
      bar,
      h("div", { class: "theme-body" },
        examples.length ? h("ul", { class: "examples" }, examples.slice(0, 3).map((example) =>
          h("li", {}, example.report_id
            ? h("a", { href: `#/report/${encodeURIComponent(example.report_id)}` }, example.statement)
            : example.statement, example.agency
            ? h("span", { class: "source" }, ` — ${example.agency}${example.year ? "，" + example.year + " 年度" : ""}`)
            : null))) : h("div", {}),
        yearChart(theme.by_year)));
  }));
}

function renderRepeats(repeats) {
  if (!repeats.length) return h("p", { class: "empty" }, "没有发现多年重复同一问题的机关。");
  return h("ul", { class: "repeats" }, repeats.map((repeat) => {
    const years = repeat.years || [];
    const problems = (repeat.repeated || []).map((problem) =>
      `${problem.label}（${(problem.years || []).join("、")}${problem.near_verbatim ? "，几乎原文照抄" : ""}）`);
    const reused = typeof repeat.max_reused_share === "number" && repeat.max_reused_share > 0
      ? ` · 文字沿用最多 ${Math.round(repeat.max_reused_share * 100)}%` : "";
    return h("li", {},
      h("strong", {}, repeat.body || repeat.agency || ""),
      years.length ? ` · ${years.join("、")} 年度` : "", reused,
      problems.length ? h("div", { class: "meta" }, "重复的问题：" + problems.join("；")) : null);
  }));
}

async function showProblems(params) {
  const filter = params.get("filter") || "";
  const minReports = params.get("min_reports") || "1";
  $("#p-filter").value = filter;
  $("#p-min").value = minReports;
  const query = new URLSearchParams({ min_reports: minReports, limit: "50" });
  if (filter) query.set("filter", filter);
  const target = $("#problems");
  target.replaceChildren(h("p", { class: "empty" }, "加载中…"));
  try {
    const result = await api("/api/problems?" + query.toString());
    showError($("#problems-error"), null);
    const themes = result.themes.themes || [];
    target.replaceChildren(
      h("p", { class: "summary" }, `${result.themes.report_count} 份报告中的 ${result.themes.statement_count} 条问题表述，`
        + `归并为 ${result.themes.theme_count} 个主题；下列主题的柱状图为逐年出现该问题的报告数。`),
      h("section", { class: "card" }, h("h2", {}, "问题主题"), renderThemes(themes)),
      h("section", { class: "card" }, h("h2", {}, "重复出现问题的机关"), renderRepeats(result.repeats || [])));
  } catch (error) {
    target.replaceChildren();
    showError($("#problems-error"), error);
  }
}

// ---------- routing ----------

function route() {
  const hash = location.hash || "#/";
  const [path, query = ""] = hash.slice(1).split("?");
  const params = new URLSearchParams(query);
  let view = "search";
  if (path.startsWith("/report/")) view = "report";
  else if (path === "/problems") view = "problems";
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  for (const link of document.querySelectorAll("[data-nav]")) {
    link.classList.toggle("active", link.dataset.nav === view || (view === "report" && link.dataset.nav === "search"));
  }
  if (view === "report") {
    showReport(decodeURIComponent(path.slice("/report/".length)));
  } else if (view === "problems") {
    document.title = "共性问题 · 年报检索";
    showProblems(params);
  } else {
    document.title = "年报检索 · 政府信息公开工作年度报告";
    current = readSearchState(params);
    lastSearchHash = hash;
    runSearch(current);
  }
  window.scrollTo(0, 0);
}

document.addEventListener("DOMContentLoaded", () => {
  bindSearchControls();
  $("#problems-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const params = new URLSearchParams({ min_reports: $("#p-min").value || "1" });
    const filter = $("#p-filter").value.trim();
    if (filter) params.set("filter", filter);
    location.hash = "#/problems?" + params.toString();
  });
  window.addEventListener("hashchange", route);
  // "/" jumps to the search box, as on most search sites.
  document.addEventListener("keydown", (event) => {
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement?.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      if (!location.hash.startsWith("#/report/") && !location.hash.startsWith("#/problems")) $("#q").focus();
      else location.hash = lastSearchHash;
    }
  });
  route();
});
