// Stands in for the theme's search worker until someone searches.
//
// The theme starts its search worker on every page as soon as its script runs: 9 to 12 KiB
// fetched on each first visit, by every visitor who never searches. The build
// (scripts/warmup/finish/search_on_demand.py) points the pages at this small worker instead
// and writes THEME_WORKER above this line: the theme's own worker, relative to this file. This
// worker answers the theme as its worker would ("ready" once it has the index), keeps the
// index, and brings the theme's worker in for the first query with words in it; the theme's
// worker then gets the index and the queries exactly as the theme would have sent them.
//
// The messages are the theme's (Material for MkDocs 9 and Zensical alike): 0 sets up with the
// index, 1 says ready, 2 is a query (Material: the words; Zensical: {input: words, ...}).

(function () {
  "use strict";

  var toPage = self.postMessage.bind(self), listen = self.addEventListener.bind(self);
  var setup;            // the page's first message (0): the index, kept for the theme's worker
  var listeners = null; // the theme worker's message handlers, once it is in
  var waiting = [];     // messages held until the theme's worker is ready; null once it is

  function deliver(message) {
    var event = new MessageEvent("message", { data: message });
    listeners.forEach(function (listener) { listener.call(self, event); });
  }

  function bringIn() {
    listeners = [];
    // The theme's worker listens with addEventListener (Material) or onmessage (Zensical),
    // and says ready (1) with postMessage: its handlers are kept here, its "ready" held back,
    // for the page was told long ago.
    self.addEventListener = function (type, listener, options) {
      if (type === "message") listeners.push(listener);
      else listen(type, listener, options);
    };
    Object.defineProperty(self, "onmessage", { configurable: true, set: function (listener) { listeners.push(listener); } });
    self.postMessage = function (message, transfer) {
      if (waiting && message.type === 1) {
        var held = waiting;
        waiting = null;
        held.forEach(deliver);
      } else {
        toPage(message, transfer);
      }
    };
    try {
      importScripts(THEME_WORKER);
    } catch (error) {
      // No signal, and not stored for offline use yet: the next query tries again.
      listeners = null;
      waiting = [];
      return;
    }
    deliver(setup);
  }

  listen("message", function (event) {
    var message = event.data, data = message.data;
    if (waiting === null) return deliver(message);
    if (message.type === 0) {
      setup = message;
      if (!listeners) return toPage({ type: 1 });
    }
    // The page sends its empty search box once at the start: nothing to search for yet.
    if (listeners || String(typeof data === "object" && data ? data.input : data).trim()) {
      waiting.push(message);
      if (!listeners) bringIn();
    }
  });
})();
