/*
 * Warn before leaving a page with unsaved changes (progressive enhancement; the forms work without it).
 *
 * A form opts in with the attribute data-warn-unsaved. The browser asks "Leave site?" only when
 *  - a field of such a form differs from what the page was loaded with, or the server re-rendered the form
 *    with input that was not saved (data-warn-unsaved="kept", after a validation error), and
 *  - that form is not the one being submitted.
 * Nothing is stored anywhere: the typed values stay in the page only. No inline script (CSP: script-src 'self').
 */
(function () {
  "use strict";

  var SKIPPED_TYPES = { hidden: true, submit: true, button: true, reset: true, image: true };

  function fieldChanged(field) {
    var type = (field.type || "").toLowerCase();
    if (field.disabled || SKIPPED_TYPES[type] || !field.name) {
      return false;
    }
    if (type === "checkbox" || type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (type === "file") {
      return field.value !== "";
    }
    if (field.tagName === "SELECT") {
      for (var i = 0; i < field.options.length; i += 1) {
        var option = field.options[i];
        if (option.selected !== option.defaultSelected) {
          // a single select with no option marked selected shows its first option: that is not a change
          var implicitFirst = !field.multiple && i === 0 && !hasDefaultSelected(field);
          if (!implicitFirst) {
            return true;
          }
        }
      }
      return false;
    }
    if (field.tagName === "TEXTAREA" || field.tagName === "INPUT") {
      return field.value !== field.defaultValue;
    }
    return false;
  }

  function hasDefaultSelected(select) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].defaultSelected) {
        return true;
      }
    }
    return false;
  }

  function formChanged(form) {
    if (form.getAttribute("data-warn-unsaved") === "kept") {
      return true;
    }
    for (var i = 0; i < form.elements.length; i += 1) {
      if (fieldChanged(form.elements[i])) {
        return true;
      }
    }
    return false;
  }

  var submitting = null;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-warn-unsaved") && !event.defaultPrevented) {
      submitting = form;
    }
  });

  // coming back to the page from the browser's cache: nothing is being submitted any more
  window.addEventListener("pageshow", function () {
    submitting = null;
  });

  window.addEventListener("beforeunload", function (event) {
    var forms = document.querySelectorAll("form[data-warn-unsaved]");
    for (var i = 0; i < forms.length; i += 1) {
      if (forms[i] !== submitting && formChanged(forms[i])) {
        event.preventDefault();
        event.returnValue = ""; // older browsers need a value to show their own message
        return "";
      }
    }
    return undefined;
  });
})();
