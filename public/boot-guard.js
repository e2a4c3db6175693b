// Boot guard: a wasm trap shows a notice, not a dead page; that link then opens the example.
(() => {
  const K = "levcalc.crashed", d = document, path = location.pathname + location.search;
  // The build-time first screen (#first-paint) shows the example trade: under a link with a
  // scenario it is marked pending until the app has read the link; an embed hides it.
  const link = location.hash.includes("=") ? location.hash : location.search;
  const fp = /[#?&]embed=/.test(link) || location.pathname.endsWith("/frame.html") ? "fp-embed" : link.includes("=") ? "fp-link" : "";
  if (fp) d.documentElement.classList.add(fp);
  let shown, L;
  try { L = localStorage } catch {}
  const go = u => { history.replaceState(null, "", u); location.reload(); };
  const notice = (role, text, label, act) => {
    const o = d.querySelector(".crash-notice"), box = d.createElement("div"), p = d.createElement("p");
    o && o.remove();
    box.className = "crash-notice";
    box.dataset.testid = "crash-notice";
    box.setAttribute("role", role);
    p.textContent = text;
    act.className = "button";
    act.textContent = label;
    box.append(p, act);
    d.body ? d.body.prepend(box) : addEventListener("DOMContentLoaded", () => d.body.prepend(box));
    shown = 1;
  };
  const crashed = () => {
    const b = d.createElement("button");
    b.type = "button";
    b.onclick = () => go(path);
    notice("alert", "The calculator stopped on this input.", "Reload with the example trade", b);
  };
  const trap = x => {
    if (!(x instanceof WebAssembly.RuntimeError)) return;
    try { L[K] = JSON.stringify({ hash: location.hash, at: Date.now() }) } catch {}
    crashed();
  };
  addEventListener("error", e => trap(e.error));
  addEventListener("unhandledrejection", e => trap(e.reason));
  try {
    const r = JSON.parse(L[K] || "null"), h = location.hash;
    if (r && h && r.hash === h) {
      history.replaceState(null, "", path);
      delete L[K];
      const a = d.createElement("a");
      a.href = path + h;
      a.onclick = e => { e.preventDefault(); go(a.href); };
      notice("status", "Your last visit to this link stopped the calculator, so it opened with the example trade. The link: " + h, "Try the link again", a);
    }
  } catch {}
  addEventListener("load", () => setTimeout(() => {
    const app = [...d.body.children].some(e => !/^(SCRIPT|NOSCRIPT)$/.test(e.tagName) && e.className != "crash-notice" && e.id != "first-paint");
    if (!app && !shown) crashed();
  }, 1e4));
})();
