// The first screen, live while the app is built (issue 14). scripts/postbuild.mjs puts this
// into index.html's start script, which sets window.levcalcFirstScreenLive to call it with the
// app's module; the app calls that once the wasm is in and the opening venue's table is read
// (src/ui/mod.rs, mount), before it builds its own view, a few components per task. From then
// the first screen's number inputs (and the side) are editable, and its results panel shows
// the figures for what is typed, computed and worded by the app's own functions
// (`shellUpdate`, src/ui/live.rs). Every other control stays disabled until the app is on
// view; the chart and the modes, which are not redrawn here, are marked as waiting for it.
// The inputs changed are marked `data-shell-edited`: the app takes them over
// (take_over_first_screen in src/ui/mod.rs), with the focus and the caret.
function firstScreenLive(core) {
  const d = document;
  const fp = d.getElementById("first-paint");
  const cl = d.documentElement.classList;
  // Under a link the first screen is pending, and an embed does not show it.
  if (!fp || cl.contains("fp-link") || cl.contains("fp-embed")) return;
  const q = (id) => fp.querySelector(`[data-shell-testid="${id}"]`);
  const idOf = (el) => (el.getAttribute("data-shell-testid") || "").replace(/^(input|select)-/, "");
  const live = [];
  for (const el of fp.querySelectorAll("input, select, button, textarea")) {
    const id = idOf(el);
    if (el.matches("input:not([type=checkbox]):not([type=radio]), select") && !el.disabled && core.shellKnows(id)) {
      live.push(el);
    } else if (!el.disabled) {
      el.disabled = true;
      el.setAttribute("data-shell-wait", "");
    }
  }
  const slider = q("input-leverage-slider");
  const leverage = q("input-leverage");
  let pending = 0;
  const draw = () => {
    pending = 0;
    const pairs = [];
    for (const el of live) if (el.hasAttribute("data-shell-edited")) pairs.push(idOf(el), el.value);
    const [summary, errInput, errMessage, levHint, figures, warnings] = core.shellUpdate(pairs);
    for (const [id, text, exact, detail, sign] of figures) {
      const el = q(id);
      if (!el) continue;
      el.textContent = text;
      el.dataset.value = exact;
      el.className = `value ${sign}`;
      const det = el.nextElementSibling;
      if (det && det.classList.contains("detail")) {
        det.textContent = detail ?? "";
        det.hidden = detail === null;
      }
    }
    const results = fp.querySelector("#results");
    let list = q("warnings");
    if (!warnings.length) list?.remove();
    else {
      if (!list) {
        list = d.createElement("ul");
        list.className = "warnings";
        list.setAttribute("data-shell-testid", "warnings");
        results?.append(list);
      }
      list.replaceChildren(
        ...warnings.map(([code, text]) => {
          const li = d.createElement("li");
          li.dataset.code = code;
          li.textContent = text;
          return li;
        }),
      );
    }
    let status = q("shell-error");
    if (!errMessage) status?.remove();
    else {
      if (!status) {
        status = d.createElement("p");
        status.setAttribute("data-shell-testid", "shell-error");
        status.setAttribute("aria-live", "polite");
        results?.querySelector("h2")?.after(status);
      }
      status.className = errInput ? "status" : "calc-error";
      status.textContent = errInput ? `Fix the highlighted input to see the figures: ${errMessage}` : errMessage;
    }
    for (const el of live) {
      if (idOf(el) === errInput) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
    }
    const bar = fp.querySelector(".summary-bar span");
    if (bar) bar.textContent = summary;
    const hint = fp.querySelector("#hint-leverage");
    if (hint) hint.textContent = levHint;
  };
  fp.addEventListener("submit", (e) => e.preventDefault());
  fp.addEventListener("input", (e) => {
    const el = e.target;
    if (!live.includes(el)) return;
    el.setAttribute("data-shell-edited", "");
    // The slider and the leverage box are one input, as in the app.
    if (el === slider && leverage) {
      leverage.value = slider.value;
      leverage.setAttribute("data-shell-edited", "");
    } else if (el === leverage && slider) {
      // Rounded and held to the slider's own range, as the app does.
      const n = Math.round(Number(leverage.value.replaceAll(",", "")));
      if (Number.isFinite(n)) slider.value = String(Math.min(Number(slider.max), Math.max(Number(slider.min), n)));
    }
    fp.classList.add("fp-edited");
    pending ||= requestAnimationFrame(draw);
  });
  fp.removeAttribute("inert");
  fp.classList.add("fp-live");
}
