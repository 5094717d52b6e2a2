// Rich text for portal articles and pages: each <textarea data-rich-text> becomes a Trix
// editor bound to it (the textarea stays the form field, so nothing typed is lost when the
// server answers with errors). Images dropped or pasted are uploaded to the portal at once;
// the server keeps only the tags it allows, whatever is sent.
(function () {
  "use strict";

  function csrfToken() {
    const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function upload(attachment, url) {
    const body = new FormData();
    body.append("image", attachment.file);
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("X-CSRFToken", csrfToken());
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) attachment.setUploadProgress((event.loaded / event.total) * 100);
    });
    request.addEventListener("load", () => {
      let answer = {};
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = {}; }
      if (request.status === 201 && answer.url) {
        attachment.setAttributes({ url: answer.url, href: answer.url });
      } else {
        attachment.remove();
        window.alert(answer.message || request.statusText);
      }
    });
    request.send(body);
  }

  function start() {
    const areas = document.querySelectorAll("textarea[data-rich-text]");
    if (!areas.length || !window.Trix) return;
    const lang = document.getElementById("rich-text-lang");
    if (lang) Object.assign(window.Trix.config.lang, JSON.parse(lang.textContent));
    areas.forEach((area) => {
      const editor = document.createElement("trix-editor");
      editor.setAttribute("input", area.id);
      editor.classList.add("trix-content", "form-control", "bg-white");
      if (area.getAttribute("aria-describedby")) {
        editor.setAttribute("aria-describedby", area.getAttribute("aria-describedby"));
      }
      editor.dataset.uploadUrl = area.dataset.uploadUrl || "";
      area.hidden = true;
      area.after(editor);
    });
  }

  document.addEventListener("trix-file-accept", (event) => {
    const url = event.target.dataset.uploadUrl;
    if (!url || !event.file.type.startsWith("image/")) event.preventDefault();
  });
  document.addEventListener("trix-attachment-add", (event) => {
    if (event.attachment.file) upload(event.attachment, event.target.dataset.uploadUrl);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
