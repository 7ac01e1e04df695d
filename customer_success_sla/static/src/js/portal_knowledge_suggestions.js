/* Suggests knowledge articles on the portal's new-ticket form while the
 * customer types the subject and the description, under the field being
 * typed in. Opening one is recorded (the link carries src=ticket): a ticket
 * not filed afterwards is deflected. */
(function () {
    "use strict";
    const DELAY = 350;
    function setup() {
        const box = document.querySelector(".o_cs_kb_suggestions");
        if (!box) {
            return;
        }
        const form = box.closest("form");
        const list = box.querySelector(".o_cs_kb_suggestion_list");
        const fields = form.querySelectorAll("input[name=subject], textarea[name=description]");
        let timer = null;
        let last = "";
        async function refresh() {
            const text = Array.from(fields).map((field) => field.value).join(" ").trim().slice(0, 200);
            if (text === last) {
                return;
            }
            last = text;
            if (text.length < 2) {
                box.classList.add("d-none");
                return;
            }
            const response = await fetch(`/help/suggest?q=${encodeURIComponent(text)}`, {credentials: "same-origin"});
            const articles = response.ok ? await response.json() : [];
            if (text !== last) {
                return; // the customer typed on while this answer travelled: a newer one follows
            }
            list.replaceChildren(
                ...articles.map((article) => {
                    const item = document.createElement("li");
                    const link = document.createElement("a");
                    link.href = `${article.url}?src=ticket&q=${encodeURIComponent(text.slice(0, 100))}`;
                    link.target = "_blank";
                    link.className = "o_cs_kb_suggestion";
                    link.textContent = article.name;
                    item.appendChild(link);
                    return item;
                })
            );
            box.classList.toggle("d-none", !articles.length);
        }
        // Shown right under the field being typed in (on a phone, the end of
        // the form is out of sight while the keyboard is up).
        function placeUnder(field) {
            const group = field.closest(".form-group") || field;
            if (group.nextElementSibling !== box) {
                group.after(box);
            }
        }
        fields.forEach((field) =>
            field.addEventListener("input", () => {
                placeUnder(field);
                clearTimeout(timer);
                timer = setTimeout(refresh, DELAY);
            })
        );
        box.dataset.ready = "1";
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setup);
    } else {
        setup();
    }
})();
