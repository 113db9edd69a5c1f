// 审核台: documents → projects → goals and their indicator rows as printed; a row's flags, decisions and source.
// Every value from the store is written with textContent (never as HTML).
"use strict";

const state = { doc: "", project: null, rows: new Map(), use: null, writable: false, orphans: [] };
const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") n.className = v;
    else if (k === "text") n.textContent = v;
    else if (k.startsWith("data-")) n.setAttribute(k, v);
    else n[k] = v;
  }
  for (const kid of kids) if (kid !== null && kid !== undefined) n.append(kid);
  return n;
}

function say(text) {
  const s = $("#status");
  s.textContent = text;
  s.classList.add("show");
  clearTimeout(say.timer);
  say.timer = setTimeout(() => s.classList.remove("show"), 2500);
}

async function getJSON(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error((await r.text()).trim() || `HTTP ${r.status}`);
  return r.json();
}

function q(params) {
  return new URLSearchParams(params).toString();
}

async function loadDocuments() {
  const data = await getJSON("/api/review/documents");
  state.writable = data.decisions;
  state.orphans = data.orphans;
  showLost([]);
  $("#mode").textContent = data.decisions ? "可记录审核意见" : "只读（启动时加 --decisions 可记录审核意见）";
  const sel = $("#doc");
  sel.replaceChildren(el("option", { value: "", text: `请选择文件（共 ${data.documents.length} 个）` }));
  for (const d of data.documents) {
    sel.append(el("option", { value: d.id, text: `${d.label}（${d.rows} 行）`, title: d.id }));
  }
  // the address keeps the document, project and row open: a reload (after a rebuild) comes back to them
  const wanted = new URLSearchParams(location.hash.slice(1));
  if (data.documents.some((d) => d.id === wanted.get("doc"))) sel.value = wanted.get("doc");
  else if (data.documents.length === 1) sel.value = data.documents[0].id;
  if (!sel.value) return;
  await openDocument(sel.value);
  if (sel.value !== wanted.get("doc") || !wanted.has("project")) return;
  await openProject(wanted.get("project"));
  const tr = document.querySelector(`tr.row[data-line="${CSS.escape(wanted.get("line") || "")}"]`);
  if (tr) {
    openRow(tr.dataset.use);
    tr.scrollIntoView({ block: "center" });
  }
}

function remember() {
  const at = { doc: state.doc };
  if (state.project !== null) at.project = state.project;
  const r = state.rows.get(state.use);
  if (r) at.line = String(r.line);
  history.replaceState(null, "", "#" + q(at));
}

async function openDocument(id) {
  state.doc = id;
  state.project = null;
  $("#rows").replaceChildren(el("p", { class: "hint", text: "请选择项目。" }));
  $("#detail").replaceChildren(el("p", { class: "hint", text: "点击一行，查看其标记、审核意见和原文位置。" }));
  await showProjects();
}

async function showProjects() {
  const data = await getJSON("/api/review/document?" + q({ id: state.doc }));
  const list = $("#projects");
  list.replaceChildren();
  for (const p of data.projects) {
    const li = el("li", { "data-project": p.name, class: p.name === state.project ? "on" : "" },
      el("span", { text: p.title }),
      el("span", { class: "count", text: `${p.rows} 行 · 标记 ${p.flagged} 行 · 已审 ${p.decided}/${p.flags}` }));
    li.addEventListener("click", () => openProject(p.name));
    list.append(li);
  }
  showLost(data.unmatched);
}

function when(stamp) {
  const t = new Date(stamp);
  if (isNaN(t)) return stamp;
  const two = (n) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${two(t.getHours())}:${two(t.getMinutes())}`;
}

function showLost(unmatched) {
  // this document's decisions that match no row, and those on documents the store no longer holds
  const lost = unmatched.concat(state.orphans);
  $("#lost").hidden = lost.length === 0;
  $("#lost-list").replaceChildren(...lost.map((d) => el("li", { "data-flag": d.flag },
    el("span", { class: "badge " + (d.decision === "accept" ? "b-done" : "b-no"), text: d.label }),
    d.document !== state.doc ? el("span", { class: "sub", text: `文件 ${d.document}（已不在知识图谱中）` }) : null,
    el("span", { text: `${d.project || "（部门整体）"} · ${d.horizon} ${d.goal} · ${d.name}（${d.flag_label}）` }),
    d.comment ? el("span", { class: "sub", text: "说明：" + d.comment }) : null,
    el("span", { class: "sub", text: `记录时：第 ${d.line ?? "?"} 行，指标值 ${d.target || "（空）"}，${when(d.decided_at)}` }))));
}

async function openProject(name) {
  state.project = name;
  for (const li of document.querySelectorAll("#projects li")) li.classList.toggle("on", li.dataset.project === name);
  const data = await getJSON("/api/review/rows?" + q({ id: state.doc, project: name }));
  state.rows.clear();
  const box = $("#rows");
  box.replaceChildren(el("h2", { text: name || "（部门整体）" }));
  for (const g of data.goals) {
    box.append(el("h3", {}, `${g.horizon_label} ${g.goal ?? "（未定）"}：`, el("span", { class: "statement", text: g.statement || "" })));
    box.append(goalTable(g.rows));
  }
  state.use = null;
  remember();
}

const COLUMNS = [["行号", "38px"], ["一级/二级", "78px"], ["三级指标", ""], ["前年", "56px"], ["上年", "64px"],
                 ["指标值", "74px"], ["依据", "64px"], ["标记", "112px"]];

function goalTable(rows) {
  const t = el("table", { class: "ind" });
  t.append(el("colgroup", {}, ...COLUMNS.map(([, w]) => el("col", { style: w ? `width:${w}` : "" }))));
  t.append(el("thead", {}, el("tr", {}, ...COLUMNS.map(([h]) => el("th", { text: h })))));
  const body = el("tbody");
  for (const r of rows) {
    state.rows.set(r.use, r);
    const tr = el("tr", { class: "row" + (r.flags.length ? " flagged" : ""), "data-use": r.use, "data-line": String(r.line) },
      el("td", { text: String(r.line) }),
      el("td", {}, r.level1, el("span", { class: "sub", text: r.level2 })),
      el("td", {}, r.name, r.standard && r.standard !== r.name ? el("span", { class: "sub", text: "标准指标：" + r.standard }) : null),
      el("td", { text: r.prev2 }),
      el("td", {}, r.prev1, r.earlier ? el("span", { class: "sub", text: `${r.earlier.year ? r.earlier.year + "年" : "上年"}目标：${r.earlier.target}` }) : null),
      el("td", { text: r.target }),
      el("td", { text: r.basis }),
      el("td", {}, ...marks(r)));
    tr.addEventListener("click", () => openRow(r.use));
    body.append(tr);
  }
  t.append(body);
  return t;
}

function marks(r) {
  return r.flags.map((f) => {
    const cls = f.code === "vague" ? "b-vague" : "b-" + f.severity;
    const text = f.code === "vague" ? `模糊·${f.text}` : `${f.severity_label}·${f.label}`;
    const done = f.decision ? (f.decision.decision === "accept" ? " ✓" : " ✗") : "";
    return el("span", { class: "badge " + cls, text: text + done, title: f.text + (f.advice ? "\n" + f.advice : ""), "data-flag": f.code });
  });
}

function openRow(use) {
  state.use = use;
  remember();
  const r = state.rows.get(use);
  for (const tr of document.querySelectorAll("tr.row")) tr.classList.toggle("on", tr.dataset.use === use);
  const info = el("dl", {},
    el("dt", { text: "指标值" }), el("dd", { text: r.target || "（空）" }),
    el("dt", { text: "前年 / 上年" }), el("dd", { text: `${r.prev2 || "—"} / ${r.prev1 || "—"}` }),
    el("dt", { text: "上年目标" }), el("dd", { text: r.earlier ? r.earlier.text : "（未找到上年对应项目中的同一指标）" }),
    el("dt", { text: "标准指标" }), el("dd", { text: r.standard || "—" }),
    el("dt", { text: "确定依据" }), el("dd", { text: r.basis || "（未填写）" }));
  const flags = r.flags.length ? r.flags.map((f) => flagBox(r, f)) : [el("p", { class: "hint", text: "这一行没有标记。" })];
  $("#detail").replaceChildren(el("h2", { text: r.name }), info, ...flags, el("div", { id: "source" }, el("p", { class: "hint", text: "正在读取原文位置……" })));
  showSource(r);
}

function flagBox(r, f) {
  const head = f.code === "vague"
    ? el("p", {}, el("span", { class: "badge b-vague", text: "模糊" }), el("b", { text: "原因：" }), f.text)
    : el("p", {}, el("span", { class: "badge b-" + f.severity, text: "严重程度 " + f.severity_label }), el("b", { text: f.label }));
  const body = f.code === "vague"
    ? el("p", { class: "advice", text: "建议：" + f.advice })
    : el("div", {}, el("p", { text: f.text }), el("p", { class: "advice", text: "审核意见：" + f.advice }));
  const comment = el("textarea", { placeholder: "审核说明（可选）", value: f.decision ? f.decision.comment : "", disabled: !state.writable });
  const saved = el("span", { class: "saved", text: f.decision ? `已记录：${f.decision.label}（${when(f.decision.decided_at)}）` : "" });
  const buttons = [["accept", "采纳"], ["reject", "不采纳"], ["", "撤销"]].map(([code, text]) => {
    const b = el("button", { type: "button", text, disabled: !state.writable, "data-decision": code });
    if (f.decision && f.decision.decision === code) b.classList.add("chosen");
    b.addEventListener("click", () => decide(r, f, code, comment.value, saved));
    return b;
  });
  return el("div", { class: "flag", "data-flag": f.code }, head, body, comment, el("div", { class: "acts" }, ...buttons, saved));
}

async function decide(r, f, decision, comment, saved) {
  const resp = await fetch("/api/review/decision", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ document: state.doc, use: r.use, flag: f.code, decision, comment }),
  });
  if (!resp.ok) {
    saved.textContent = (await resp.text()).trim();
    saved.className = "saved err";
    return;
  }
  const data = await resp.json();
  f.decision = data.decision;
  say(data.decision ? `已记录：${data.decision.label}` : "已撤销");
  const tr = document.querySelector(`tr.row[data-use="${CSS.escape(r.use)}"]`);
  if (tr) tr.lastChild.replaceChildren(...marks(r));
  openRow(r.use);
  showProjects();
}

async function showSource(r) {
  const box = () => document.getElementById("source");
  let src;
  try {
    src = await getJSON("/api/review/source?" + q({ id: state.doc, use: r.use }));
  } catch (e) {
    if (state.use === r.use) box().replaceChildren(el("h3", { text: "原文位置" }), el("p", { class: "err", text: e.message }));
    return;
  }
  if (state.use !== r.use) return;
  const parts = [el("h3", { text: `原文位置：${src.file} ${src.place}` })];
  if (src.message) parts.push(el("p", { class: "moved", text: src.message }));
  else if (src.image) parts.push(...pageView(src));
  else if (src.lines) {
    parts.push(el("pre", {}, ...src.lines.map((l) => el("span", { class: l.here ? "here" : "", text: `${String(l.n).padStart(5)}  ${l.text}\n` }))));
  } else if (src.cells && src.cells.length) {
    const role = { name: "（指标名称）", target: "（指标值）" };
    parts.push(el("table", { class: "cells" },
      el("tr", {}, ...src.cells.map((c) => el("th", { class: c.role, text: c.ref + (role[c.role] || "") }))),
      el("tr", {}, ...src.cells.map((c) => el("td", { class: c.role, text: c.text })))));
  } else if (src.kind === "none") {
    parts.push(el("p", { class: "hint", text: "建库时未记录这一行在原文中的位置。" }));
  }
  box().replaceChildren(...parts);
}

// the page at a size where the row's band fills the panel, scrolled to it; 整页 shows the whole page
function pageView(src) {
  const frame = el("div", { class: "page" });
  const img = el("img", { src: src.image, alt: `${src.file} ${src.place}`, id: "page-image" });
  frame.append(img);
  let whole = !src.box;
  const fit = () => {
    if (!img.naturalWidth) return;
    if (whole) {
      img.style.width = "100%";
      return;
    }
    const [x0, top, x1] = src.box;
    const zoom = Math.min(1, Math.max(0.4, (frame.clientWidth - 16) / ((x1 - x0) * src.scale + 16)));
    img.style.width = `${Math.round(img.naturalWidth * zoom)}px`;
    frame.scrollLeft = Math.max(0, x0 * src.scale * zoom - 8);
    frame.scrollTop = Math.max(0, top * src.scale * zoom - frame.clientHeight / 3);
  };
  img.addEventListener("load", fit);
  const toggle = el("button", { type: "button", class: "zoom", text: whole ? "放大到此行" : "整页" });
  toggle.disabled = !src.box;
  toggle.addEventListener("click", () => {
    whole = !whole;
    toggle.textContent = whole ? "放大到此行" : "整页";
    fit();
  });
  return [toggle, frame];
}

// ↓ and ↑ go to the next and the previous row (not while typing a comment)
document.addEventListener("keydown", (e) => {
  if (!["ArrowDown", "ArrowUp"].includes(e.key) || ["TEXTAREA", "SELECT", "INPUT"].includes(e.target.tagName)) return;
  const trs = [...document.querySelectorAll("tr.row")];
  if (!trs.length) return;
  const at = trs.findIndex((tr) => tr.dataset.use === state.use);
  const next = trs[Math.min(trs.length - 1, Math.max(0, at + (e.key === "ArrowDown" ? 1 : -1)))];
  e.preventDefault();
  openRow(next.dataset.use);
  next.scrollIntoView({ block: "nearest" });
});

$("#doc").addEventListener("change", (e) => e.target.value && openDocument(e.target.value));
loadDocuments().catch((e) => $("#rows").replaceChildren(el("p", { class: "err", text: "无法读取文件列表：" + e.message })));
