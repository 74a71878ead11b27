// Check-in by camera where the browser can read QR codes (BarcodeDetector); the form works
// without it: a USB scanner or typing fills the same field.
(function () {
  "use strict";
  const form = document.querySelector("[data-check-in-form]");
  const button = document.querySelector("[data-camera-scan]");
  const video = document.querySelector("[data-camera-video]");
  if (!form || !button || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  const field = form.querySelector("input[name=code]");
  button.hidden = false;

  async function scan() {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const stop = () => stream.getTracks().forEach((track) => track.stop());
    const tick = async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) {
        stop();
        field.value = codes[0].rawValue;
        form.submit();
        return;
      }
      window.requestAnimationFrame(tick);
    };
    tick();
  }

  button.addEventListener("click", () => {
    button.disabled = true;
    scan().catch(() => { button.disabled = false; video.hidden = true; });
  });
})();
