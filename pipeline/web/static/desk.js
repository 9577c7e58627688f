// congvan desk: a little plain JavaScript (no framework, nothing from a CDN; the CSP allows only this file)
"use strict";

function pages(section) {
  const img = section.querySelector("img.page");
  const total = Number(section.dataset.pages || 1);
  const shown = section.querySelector(".n");
  const region = section.querySelector(".region");
  let n = 1;
  const go = (k) => {
    n = Math.min(total, Math.max(1, k));
    img.src = img.dataset.base + n + ".jpg"; shown.textContent = n;
    if (region) region.hidden = true;
  };
  // where OCR read a field: a frame over the page image (fractions of the page), scrolled into view
  section.showRegion = (spec) => {
    if (!region) return;
    if (!spec) { region.hidden = true; return; }
    const [page, x, y, w, h] = spec.split(",").map(Number);
    if (page !== n) go(page);
    const place = () => {
      region.style.left = (img.offsetLeft + x * img.clientWidth - 4) + "px";
      region.style.top = (img.offsetTop + y * img.clientHeight - 4) + "px";
      region.style.width = (w * img.clientWidth + 8) + "px";
      region.style.height = (h * img.clientHeight + 8) + "px";
      region.hidden = false;
      region.scrollIntoView({ block: "nearest" });
    };
    if (img.complete && img.naturalWidth) place(); else img.addEventListener("load", place, { once: true });
  };
  section.querySelector(".prev").addEventListener("click", () => go(n - 1));
  section.querySelector(".next").addEventListener("click", () => go(n + 1));
  section.querySelector(".zoom").addEventListener("click", () => section.classList.toggle("zoomed"));
}

function review(form) {
  // Enter accepts the field as it stands and moves to the next one; on the last, the form is saved
  const inputs = Array.from(form.querySelectorAll("input[data-field]"));
  const viewer = document.querySelector("section.pages");
  inputs.forEach((input) => input.addEventListener("focus", () => {
    if (viewer && viewer.showRegion) viewer.showRegion(input.dataset.region || null);
  }));
  inputs.forEach((input, k) => input.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (k + 1 < inputs.length) inputs[k + 1].focus(); else form.requestSubmit(form.querySelector("button[value=save]"));
  }));
  const first = form.querySelector("label.check input") || inputs[0];
  if (first) first.focus();
}

function upload(form) {
  const list = document.getElementById("upload-result");
  const bar = document.getElementById("progress");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const files = document.getElementById("files").files;
    if (!files.length) return;
    const data = new FormData();
    for (const f of files) data.append("files", f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/uploads");
    xhr.setRequestHeader("X-CSRF-Token", form.dataset.csrf);
    bar.hidden = false; bar.value = 0;
    xhr.upload.addEventListener("progress", (ev) => { if (ev.lengthComputable) bar.value = 100 * ev.loaded / ev.total; });
    xhr.addEventListener("load", () => {
      bar.value = 100;
      list.textContent = "";
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = { detail: xhr.statusText }; }
      const add = (cls, text) => { const li = document.createElement("li"); li.className = cls; li.textContent = text; list.appendChild(li); };
      if (xhr.status !== 200) { add("refused", "Không tải lên được: " + (body.detail || xhr.status)); return; }
      for (const a of body.accepted) add("ok", a.name + ": đã vào hộp thư đến, đang chờ tiếp nhận");
      for (const r of body.refused) add("refused", r.name + ": " + r.reason);
    });
    xhr.send(data);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("section.pages").forEach(pages);
  const r = document.getElementById("review");
  if (r) review(r);
  const u = document.getElementById("upload");
  if (u) upload(u);
});
