// The engine UI's own behaviour; htmx does the requests. No inline script: the page's CSP allows none.
// After a clone is created, the form is emptied: the password typed is used once and kept nowhere.
document.addEventListener('htmx:afterRequest', function (event) {
  var form = event.detail.elt;
  // getAttribute: the form's input named "id" shadows form.id
  if (form.getAttribute('id') === 'create' && event.detail.successful) {
    form.reset();
  }
});
