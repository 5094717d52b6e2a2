// Large files (lesson videos) go up in chunks that survive a weak connection: each chunk is
// sent at the offset the server has confirmed, and a refused offset resumes from the server's.
(function () {
  "use strict";
  var CHUNK = 8 * 1024 * 1024;
  var THRESHOLD = 8 * 1024 * 1024;
  var form = document.querySelector("form[data-chunked-upload]");
  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var hidden = form.querySelector("input[name=upload]");
  var bar = form.querySelector("[data-upload-progress]");
  var errorBox = form.querySelector("[data-upload-error]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function call(url, options) {
    options.headers = Object.assign({ "X-CSRFToken": csrf }, options.headers || {});
    options.credentials = "same-origin";
    return fetch(url, options).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    });
  }

  function show(fraction) {
    bar.classList.remove("d-none");
    bar.firstElementChild.style.width = Math.round(fraction * 100) + "%";
  }

  function fail(message) {
    errorBox.textContent = message;
    errorBox.classList.remove("d-none");
  }

  function send(session, file, offset, tries) {
    if (offset >= file.size) { return Promise.resolve(session); }
    var url = form.dataset.chunkedUpload + "/" + session.id + "?offset=" + offset;
    return call(url, {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream" },
      body: file.slice(offset, Math.min(offset + CHUNK, file.size)),
    }).then(function (answer) {
      if (answer.status === 200) {
        show(answer.body.received / file.size);
        return send(session, file, answer.body.received, 0);
      }
      if (answer.status === 409 && tries < 3) {
        return call(form.dataset.chunkedUpload + "/" + session.id, { method: "GET" }).then(
          function (state) { return send(session, file, state.body.received, tries + 1); });
      }
      throw new Error(answer.body.message || "upload failed");
    }, function () {
      if (tries < 5) { return send(session, file, offset, tries + 1); }
      throw new Error(errorBox.dataset.offline || "network");
    });
  }

  form.addEventListener("submit", function (event) {
    var file = input && input.files[0];
    if (!file || file.size < THRESHOLD || hidden.value) { return; }
    event.preventDefault();
    errorBox.classList.add("d-none");
    call(form.dataset.chunkedUpload, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ school: Number(form.dataset.school), file_name: file.name, total_size: file.size }),
    }).then(function (answer) {
      if (answer.status !== 200) { throw new Error(answer.body.message); }
      return send(answer.body, file, 0, 0);
    }).then(function (session) {
      hidden.value = session.id;
      input.value = "";
      form.submit();
    }).catch(function (error) { fail(error.message); });
  });
})();
