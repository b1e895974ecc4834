/**
 * Puts the cursor in a dialog's first field once its opening animation is over, unless the person is already in a
 * field of the dialog: a quick typist starts before the animation ends, and moving the cursor then would send the
 * rest of the typing into the wrong field.
 */
export function focusOnOpen(focus: () => void) {
  const active = document.activeElement
  if (active instanceof HTMLElement && active.closest('.el-dialog') && active.matches('input, textarea')) return
  focus()
}
