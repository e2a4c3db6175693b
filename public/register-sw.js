// Registers the service worker that keeps the calculator working offline after the first
// visit. Skipped on file:// (the single-file offline.html needs none) and with ?nosw.
(() => {
  const here = document.currentScript ? document.currentScript.src : location.href;
  if (!("serviceWorker" in navigator) || !location.protocol.startsWith("http")) return;
  if (/[?&]nosw\b/.test(location.search)) return;
  addEventListener("load", () => {
    navigator.serviceWorker.register(new URL("../sw.js", here)).catch(() => {});
  });
})();
