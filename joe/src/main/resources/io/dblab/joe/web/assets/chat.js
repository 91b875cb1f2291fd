// The chat page's own behaviour; htmx does the requests. No inline script: the page's CSP allows none.
document.addEventListener('htmx:afterRequest', function (event) {
  var form = event.detail.elt;
  if (form.id === 'command' && event.detail.successful) {
    var text = form.querySelector('input[name=text]');
    text.value = '';
    text.focus();
  }
});
document.addEventListener('htmx:afterSwap', function (event) {
  var answers = event.detail.target;
  if (answers.id === 'answers' && answers.lastElementChild) {
    answers.lastElementChild.scrollIntoView({block: 'start'});
  }
});
