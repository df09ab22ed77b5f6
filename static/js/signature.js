// Signature pad for the consent form: draws with pointer events on a canvas and keeps a PNG data URL in the
// hidden `signature` input. Without JavaScript the pad stays hidden and the typed signature is used.
(function () {
  "use strict";
  var pad = document.querySelector("[data-signature-pad]");
  var target = document.querySelector("[data-signature-target]");
  if (!pad || !target) {
    return;
  }
  var canvas = pad.querySelector("canvas");
  var context = canvas.getContext("2d");
  var drawing = false;
  var drawn = false;
  pad.hidden = false;
  context.lineWidth = 2;
  context.lineCap = "round";
  context.strokeStyle = "#111";

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return {
      x: (event.clientX - box.left) * (canvas.width / box.width),
      y: (event.clientY - box.top) * (canvas.height / box.height),
    };
  }
  canvas.addEventListener("pointerdown", function (event) {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    var p = point(event);
    context.beginPath();
    context.moveTo(p.x, p.y);
    event.preventDefault();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) {
      return;
    }
    var p = point(event);
    context.lineTo(p.x, p.y);
    context.stroke();
    drawn = true;
  });
  function finish() {
    if (drawing && drawn) {
      target.value = canvas.toDataURL("image/png");
    }
    drawing = false;
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  pad.querySelector("[data-signature-clear]").addEventListener("click", function () {
    context.clearRect(0, 0, canvas.width, canvas.height);
    target.value = "";
    drawn = false;
  });
})();
