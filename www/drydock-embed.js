// drydock-embed.js — turns <pre data-drydock="Dockerfile">…</pre> blocks on any page into live
// Drydock embeds. Blocks with the same data-drydock-group form one workspace. Without scripts,
// the blocks stay as they are: readable code.
//
//   <pre data-drydock="Dockerfile">FROM alpine …</pre>
//   <pre data-drydock="web.yaml" data-drydock-group="app" data-drydock-readonly>…</pre>
//   <script src="https://example.org/drydock/drydock-embed.js" defer></script>
//
// Options on the first block of a group: data-drydock-readonly, data-drydock-diagram="off",
// data-drydock-theme="light|dark" (default: the host page's colour scheme), data-drydock-height.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(".", script ? script.src : location.href);

  function base64url(text) {
    var bytes = new TextEncoder().encode(text);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function hostTheme() {
    var scheme = getComputedStyle(document.documentElement).colorScheme || "";
    if (scheme.indexOf("dark") === 0) return "dark";
    return window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function embed() {
    var groups = [];
    var byName = {};
    document.querySelectorAll("pre[data-drydock]").forEach(function (pre) {
      var key = pre.getAttribute("data-drydock-group");
      if (key && byName[key]) {
        byName[key].push(pre);
      } else {
        var group = [pre];
        groups.push(group);
        if (key) byName[key] = group;
      }
    });
    groups.forEach(function (pres) {
      var first = pres[0];
      var files = pres.map(function (pre) {
        return { name: pre.getAttribute("data-drydock") || "Dockerfile", text: pre.textContent };
      });
      var params = new URLSearchParams({ embed: "1" });
      if (first.hasAttribute("data-drydock-readonly")) params.set("readonly", "1");
      if (first.getAttribute("data-drydock-diagram") === "off") params.set("diagram", "0");
      params.set("theme", first.getAttribute("data-drydock-theme") || hostTheme());
      var frame = document.createElement("iframe");
      frame.className = "drydock-embed";
      frame.title = "Drydock: " + files.map(function (f) { return f.name; }).join(", ");
      frame.src = new URL("index.html?" + params.toString() + "#j=" + base64url(JSON.stringify({ files: files, active: 0 })), base).href;
      frame.style.width = "100%";
      frame.style.border = "1px solid rgba(127, 127, 127, 0.35)";
      frame.style.borderRadius = "8px";
      frame.style.height = (first.getAttribute("data-drydock-height") || "420") + "px";
      first.parentNode.insertBefore(frame, first);
      pres.forEach(function (pre) { pre.hidden = true; });
    });
  }

  // Each embed reports its height; only numbers from our own origin are believed.
  window.addEventListener("message", function (event) {
    if (event.origin !== base.origin || !event.data || event.data.type !== "drydock:height") return;
    var height = Number(event.data.height);
    if (!isFinite(height)) return;
    document.querySelectorAll("iframe.drydock-embed").forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = Math.min(Math.max(height, 120), 2400) + "px";
    });
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", embed);
  else embed();
})();
