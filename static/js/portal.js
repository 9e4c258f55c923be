// Loaded as a module so no inline script is needed (the CSP forbids it).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// A question that applies only with certain answers elsewhere on the page (data-shown-with:
// "name=value" pairs) is hidden until one of them is chosen. The server ignores it otherwise,
// and without scripts it shows, its hint saying when it applies.
for (const group of new Set(
  [...document.querySelectorAll("[data-shown-with]")].map((input) =>
    input.closest(".nhsuk-form-group"),
  ),
)) {
  const pairs = group.querySelector("[data-shown-with]").dataset.shownWith.split(" ");
  const triggers = pairs.flatMap((pair) => {
    const [name, value] = pair.split("=");
    return [...document.querySelectorAll(`input[name="${name}"][value="${value}"]`)];
  });
  const update = () => {
    group.hidden = !triggers.some((input) => input.checked);
  };
  for (const input of triggers) input.addEventListener("change", update);
  update();
}
