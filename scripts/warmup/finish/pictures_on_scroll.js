// Pictures whose address waits in data-src (the page edit in pictures_on_scroll.py) are fetched as
// they come within a quarter screen of the bottom edge. A browser's own loading="lazy" fetches
// every picture within 1250 to 2500 px of the screen (Chrome), which on a phone is a page or three.
(function () {
  var waiting = document.querySelectorAll("img[data-src]");
  function show(picture) {
    picture.src = picture.getAttribute("data-src");
    picture.removeAttribute("data-src");
  }
  if (!("IntersectionObserver" in window)) { waiting.forEach(show); return; }
  var near = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { near.unobserve(entry.target); show(entry.target); }
    });
  }, { rootMargin: "0px 0px 25% 0px" });
  waiting.forEach(function (picture) { near.observe(picture); });
})();
