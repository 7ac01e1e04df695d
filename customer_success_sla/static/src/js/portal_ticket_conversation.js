/* The ticket page carries its conversation (rendered with the page); once
 * the portal chatter has shown its own messages, the static copy goes. */
(function () {
    "use strict";
    const MAX_WAIT = 120000;
    function chatterHasMessages() {
        const root = document.querySelector("#chatterRoot");
        return Boolean(root && root.shadowRoot && root.shadowRoot.querySelector(".o-mail-Message"));
    }
    function setup() {
        const thread = document.querySelector(".o_cs_static_thread");
        if (!thread) {
            return;
        }
        const started = Date.now();
        const timer = setInterval(() => {
            if (chatterHasMessages()) {
                thread.remove();
            }
            // without the chatter (scripts blocked), the page keeps its copy
            if (chatterHasMessages() || Date.now() - started > MAX_WAIT) {
                clearInterval(timer);
            }
        }, 200);
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setup);
    } else {
        setup();
    }
})();
