/* Shows, on the portal's new-ticket form, the priority that the chosen
 * impact and urgency give through the priority matrix, before sending. */
(function () {
    "use strict";
    function update(preview) {
        const form = preview.closest("form");
        const impact = form.querySelector("select[name=cs_impact]");
        const urgency = form.querySelector("select[name=cs_urgency]");
        const matrix = JSON.parse(preview.dataset.matrix || "{}");
        const labels = JSON.parse(preview.dataset.labels || "{}");
        const priority = matrix[`${impact.value}|${urgency.value}`];
        preview.querySelector(".o_cs_priority_value").textContent = labels[priority] || "";
    }
    function setup() {
        document.querySelectorAll(".o_cs_priority_preview").forEach((preview) => {
            const form = preview.closest("form");
            form.querySelectorAll("select[name=cs_impact], select[name=cs_urgency]").forEach((select) =>
                select.addEventListener("change", () => update(preview))
            );
            update(preview);
        });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setup);
    } else {
        setup();
    }
})();
