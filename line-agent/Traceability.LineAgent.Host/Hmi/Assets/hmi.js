"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let pending = null;

  function text(id, value) { const e = $(id); if (e.textContent !== String(value)) e.textContent = String(value); }

  function item(cls, main, detail) {
    const li = document.createElement("li");
    if (cls) li.className = cls;
    li.append(document.createTextNode(main));
    if (detail) { const d = document.createElement("span"); d.className = "detail"; d.textContent = detail; li.append(d); }
    return li;
  }

  function list(id, items, empty) {
    const ul = $(id);
    ul.replaceChildren(...(items.length ? items : [item("", empty)]));
  }

  function render(s) {
    text("line", "Line " + s.lineId);
    text("pipeline", s.line);
    $("pipeline").className = "badge " + (s.line === "Running" ? "ok" : s.line === "Faulted" || s.line === "PrinterFault" ? "bad" : "warn");
    $("fault").hidden = !s.fault;
    text("fault", s.fault || "");
    text("current", s.current || "—");
    const c = s.counts;
    text("issued", c.issued); text("printed", c.printed); text("verified", c.verified);
    text("rejected", c.rejected); text("packed", c.packed); text("rate", s.unitsPerMinute);
    const pct = c.quantity > 0 ? Math.min(100, Math.round(100 * c.verified / c.quantity)) : 0;
    $("progress-bar").style.width = pct + "%";
    text("progress-text", c.quantity > 0 ? `${c.verified} of ${c.quantity} verified (${pct}%)` : "no work order running");
    text("case", s.case ? `${s.case.count} of ${s.case.capacity}` : "—");
    text("case-sscc", s.case ? s.case.sscc : "");
    text("pallet", s.pallet ? `${s.pallet.count} of ${s.pallet.capacity}` : "—");
    text("pallet-sscc", s.pallet ? s.pallet.sscc : "");
    list("devices", s.devices.map(d => item(d.ok ? "ok" : "bad", `${d.name}: ${d.state}`, d.detail)), "no devices");
    list("rejects", s.rejectsByReason.map(r => item("bad", `${r.reason}: ${r.count}`)), "no rejects");
    text("balanced", s.reconciliation.balanced ? "balanced" : "NOT balanced");
    $("balanced").className = "badge " + (s.reconciliation.balanced ? "ok" : "bad");
    list("equations", s.reconciliation.equations.map(e => item(e.holds ? "ok" : "bad", (e.holds ? "✔ " : "✘ ") + e.text)), "");
    renderQueue(s.reprintQueue);
    renderOrders(s.workOrders);
  }

  function button(label, cls, enabled, onClick, testId) {
    const b = document.createElement("button");
    b.textContent = label; b.className = cls; b.disabled = !enabled; b.dataset.action = testId;
    b.addEventListener("click", onClick);
    return b;
  }

  function renderOrders(orders) {
    const rows = orders.map(o => {
      const tr = document.createElement("tr");
      tr.dataset.order = o.id;
      for (const v of [o.id, `${o.gtin} / ${o.lot}`, o.state, `${o.verified} of ${o.quantity}`]) {
        const td = document.createElement("td"); td.textContent = v; tr.append(td);
      }
      const td = document.createElement("td");
      td.append(
        button("Start", "start", o.canStart, () => command(o.id, "start", {}), "start"),
        button("Pause", "pause", o.canPause, () => command(o.id, "pause", {}), "pause"),
        button("Close", "close", o.canClose, () => askEngineer(o.id, "close"), "close"));
      tr.append(td);
      return tr;
    });
    const key = JSON.stringify(orders);
    const body = $("orders");
    if (body.dataset.key !== key) { body.dataset.key = key; body.replaceChildren(...rows); }
  }

  function renderQueue(queue) {
    const key = JSON.stringify(queue);
    const ul = $("reprints");
    if (ul.dataset.key === key) return;
    ul.dataset.key = key;
    const items = queue.map(r => {
      const li = item("bad", `#${r.sequence} ${r.unit}`, `${r.state}${r.reason ? ": " + r.reason : ""}${r.reprints ? ` · reprinted ${r.reprints}×` : ""}`);
      li.dataset.unit = r.unit;
      li.append(button("Reprint", "reprint", true, () => askManual("reprint", r.unit), "reprint"));
      return li;
    });
    ul.replaceChildren(...(items.length ? items : [item("", "nothing to reprint")]));
  }

  // (01)GTIN(21)serial → the API's /api/units/{gtin}/{serial}; an SSCC as 18 digits or (00)….
  function unitPath(code) {
    const m = /^\(01\)(\d{14})\(21\)([^(]+)$/.exec(code.trim());
    return m ? `/api/units/${m[1]}/${encodeURIComponent(m[2])}` : null;
  }

  function ssccOf(code) {
    const m = /^(?:\(00\))?(\d{18})$/.exec(code.trim());
    return m ? m[1] : null;
  }

  const manualActions = {
    reprint: { engineer: false, label: "Reprint", path: c => unitPath(c) && unitPath(c) + "/reprint" },
    sample: { engineer: false, label: "Sample", path: c => unitPath(c) && unitPath(c) + "/sample" },
    decommission: { engineer: true, label: "Decommission", path: c => unitPath(c) && unitPath(c) + "/decommission" },
    disaggregate: { engineer: true, label: "Disaggregate", path: c => ssccOf(c) && `/api/containers/${ssccOf(c)}/disaggregate` },
    reaggregate: { engineer: true, label: "Re-aggregate", path: c => ssccOf(c) && `/api/containers/${ssccOf(c)}/units` },
  };

  function askManual(verb, code) {
    const a = manualActions[verb];
    const path = a.path(code || "");
    if (!path) { show(`${a.label}: enter ${verb.endsWith("aggregate") ? "a case SSCC" : "a unit as (01)…(21)…"}`, false); return; }
    pending = { manual: verb, code, path };
    text("manual-title", `${a.label} ${code}`);
    $("manual-reason").value = ""; $("manual-pin").value = "";
    if (!$("manual-operator").value) $("manual-operator").value = "operator";
    $("manual-kind-row").hidden = verb !== "decommission";
    // A reprint needs the PIN only for a verified unit: the field is there, empty is an operator's reprint.
    $("manual-pin-row").hidden = false;
    $("manual-pin").required = a.engineer;
    $("manual").showModal();
  }

  async function manual(p) {
    const a = manualActions[p.manual];
    const body = { operatorId: $("manual-operator").value, reason: $("manual-reason").value };
    if (p.manual === "decommission") body.kind = $("manual-kind").value;
    if (p.manual === "reaggregate") body.units = $("manual-units").value.split(/\s+/).filter(u => u);
    const headers = { "Content-Type": "application/json" };
    if ($("manual-pin").value) headers["X-Engineer-Pin"] = $("manual-pin").value;
    try {
      const r = await fetch(p.path, { method: "POST", headers, body: JSON.stringify(body) });
      const answer = await r.json().catch(() => ({}));
      if (r.ok) {
        show(answer.action === "reissued" ? `Reissued ${answer.unit} as ${answer.newUnit}`
          : answer.action === "reprinted" ? `Reprinted ${answer.unit} (${answer.reprintCount}×)`
          : `${a.label}: ${answer.unit || answer.sscc} ${answer.state}`, true);
      } else {
        const fields = answer.errors ? " " + Object.values(answer.errors).flat().join(" ") : "";
        show((answer.detail || answer.title || `${a.label} failed (${r.status})`) + fields, false);
      }
    } catch (e) { show(`${a.label} failed: ${e}`, false); }
  }

  document.querySelectorAll("[data-manual]").forEach(b =>
    b.addEventListener("click", () => askManual(b.dataset.manual, $("manual-code").value)));

  $("manual").addEventListener("close", () => {
    const p = pending; pending = null;
    if (p && p.manual && $("manual").returnValue === "ok") manual(p);
  });

  function show(message, ok) {
    const m = $("message");
    m.textContent = message; m.className = "message" + (ok ? " ok" : ""); m.hidden = false;
    clearTimeout(show.timer);
    show.timer = setTimeout(() => { m.hidden = true; }, 6000);
  }

  async function command(id, verb, body) {
    try {
      const r = await fetch(`/hmi/work-orders/${encodeURIComponent(id)}/${verb}`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
      });
      const answer = await r.json().catch(() => ({}));
      if (r.ok) { show(`${id}: ${answer.state}`, true); }
      else { show(answer.detail || answer.title || `${verb} failed (${r.status})`, false); }
    } catch (e) { show(`${verb} failed: ${e}`, false); }
  }

  function askEngineer(id, verb) {
    pending = { id, verb };
    text("engineer-title", `Engineer: ${verb} ${id}`);
    $("engineer-reason").value = ""; $("engineer-pin").value = "";
    $("engineer").showModal();
  }

  $("engineer").addEventListener("close", () => {
    const p = pending; pending = null;
    if (p && $("engineer").returnValue === "ok") {
      command(p.id, p.verb, { operator: "engineer", reason: $("engineer-reason").value, pin: $("engineer-pin").value });
    }
  });

  // Creating an order is an engineer action of the agent's API (the PIN travels as X-Engineer-Pin).
  $("new-order").addEventListener("click", () => {
    for (const f of ["id", "gtin", "lot", "expiry", "quantity", "reason", "pin"]) { $("create-" + f).value = ""; }
    $("create").showModal();
  });

  $("create").addEventListener("close", async () => {
    if ($("create").returnValue !== "ok") { return; }
    const v = f => $("create-" + f).value.trim();
    const body = { id: v("id") || null, gtin: v("gtin"), lot: v("lot"), expiry: v("expiry"), quantity: Number(v("quantity")), operatorId: "engineer", reason: v("reason") };
    try {
      const r = await fetch("/api/work-orders", {
        method: "POST", headers: { "Content-Type": "application/json", "X-Engineer-Pin": $("create-pin").value }, body: JSON.stringify(body)
      });
      const answer = await r.json().catch(() => ({}));
      if (r.ok) { show(`${answer.workOrder.id}: created`, true); }
      else {
        const errors = answer.errors ? Object.entries(answer.errors).map(([k, m]) => `${k}: ${m.join(" ")}`).join("; ") : "";
        show(errors || answer.detail || answer.title || `create failed (${r.status})`, false);
      }
    } catch (e) { show(`create failed: ${e}`, false); }
  });

  function connect() {
    const events = new EventSource("/hmi/events");
    events.addEventListener("snapshot", e => { render(JSON.parse(e.data)); text("connection", "live"); $("connection").className = "badge ok"; });
    events.onerror = () => { text("connection", "reconnecting"); $("connection").className = "badge off"; };
  }

  fetch("/hmi/state").then(r => r.json()).then(render).catch(() => {});
  connect();
})();
