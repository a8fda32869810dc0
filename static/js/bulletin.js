/* The bulletin's print button (Ctrl+P does the same). */
(function () {
  'use strict';
  var button = document.getElementById('print-bulletin');
  if (button) { button.addEventListener('click', function () { window.print(); }); }
}());
