// The month's actuals form: keeps each line's "to date" and the sums of each kind
// (drift, investering) in step with what is typed. The server shows the same sums when
// the page is loaded or saved, so the form needs no script; this only spares a save.
// Amounts are read by the rule of ror_portal.forms.parse_amount and counted in øre, so
// no sum picks up the rounding of binary fractions.
(function () {
  "use strict";

  var SPACES = "[ \u00a0\u2009\u202f]";
  var PLAIN = "[0-9]+";
  var SPACED = "[0-9]{1,3}(?:" + SPACES + "[0-9]{3})+";
  var DOTTED = "[0-9]{1,3}(?:\\.[0-9]{3})+";
  var WHOLE = new RegExp("^(?:" + PLAIN + "|" + SPACED + "|" + DOTTED + ")$");
  var WHOLE_WITHOUT_DOTS = new RegExp("^(?:" + PLAIN + "|" + SPACED + ")$");
  var DIGITS = /^[0-9]+$/;

  // øre as a number, null for an empty field, NaN for what the server would refuse
  function parseOre(text) {
    var value = text.trim().replace(/[ \u00a0\u2009\u202f]*kr\.?$/i, "");
    if (!value) return null;
    var negative = /^[-\u2212]/.test(value);
    if (negative) value = value.replace(/^[-\u2212][ \u00a0\u2009\u202f]*/, "");
    var whole = value;
    var fraction = "";
    var commas = value.split(",").length - 1;
    var dots = value.split(".").length - 1;
    if (commas === 1) {
      whole = value.split(",")[0];
      fraction = value.split(",")[1];
      if (!WHOLE.test(whole) || !DIGITS.test(fraction)) return NaN;
    } else if (commas > 1) {
      return NaN;
    } else if (dots === 1) {
      whole = value.split(".")[0];
      fraction = value.split(".")[1];
      if (!WHOLE_WITHOUT_DOTS.test(whole) || !DIGITS.test(fraction)) return NaN;
      if (fraction.length === 3 && whole.length <= 3) return NaN; // 1.250: ambiguous
    } else if (!WHOLE.test(value)) {
      return NaN;
    }
    if (fraction.length > 2) return NaN;
    var ore = Number(whole.replace(/[ \u00a0\u2009\u202f.]/g, "")) * 100 +
      Number((fraction + "00").slice(0, 2));
    return negative ? -ore : ore;
  }

  // "200000.50" as the server writes a Decimal into data-earlier
  function storedOre(text) {
    var parts = text.split(".");
    var sign = parts[0].charAt(0) === "-" ? -1 : 1;
    var kroner = Math.abs(Number(parts[0]));
    return sign * (kroner * 100 + Number(((parts[1] || "") + "00").slice(0, 2)));
  }

  // 123456789 øre → "1 234 567,89" with no-break spaces and the minus sign U+2212
  function formatOre(ore) {
    var sign = ore < 0 ? "\u2212" : "";
    var abs = Math.abs(ore);
    var kroner = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    var fraction = String(abs % 100).padStart(2, "0");
    return sign + kroner + "," + fraction;
  }

  function update(table) {
    var monthSums = {};
    table.querySelectorAll("input[data-kind]").forEach(function (input) {
      var kind = input.dataset.kind;
      var ore = parseOre(input.value);
      var readable = !Number.isNaN(ore);
      var cell = table.querySelector('[data-to-date-of="' + input.id + '"]');
      // as on the server: a figure that cannot be read counts as nothing in the sums,
      // and its line's "to date" is a dash until it is corrected
      monthSums[kind] = (monthSums[kind] || 0) + (readable && ore !== null ? ore : 0);
      if (cell) {
        cell.textContent = readable
          ? formatOre(storedOre(cell.dataset.earlier) + (ore || 0))
          : "\u2013";
      }
    });
    Object.keys(monthSums).forEach(function (kind) {
      var month = table.querySelector('[data-month-sum="' + kind + '"]');
      var toDate = table.querySelector('[data-to-date-sum="' + kind + '"]');
      if (month) month.textContent = formatOre(monthSums[kind]);
      if (toDate) toDate.textContent = formatOre(storedOre(toDate.dataset.earlier) + monthSums[kind]);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("actuals");
    if (!table) return;
    table.addEventListener("input", function () { update(table); });
    update(table); // fields a browser restored on going back

  });
})();
