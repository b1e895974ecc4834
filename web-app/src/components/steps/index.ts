import { defineAsyncComponent, type Component } from 'vue'

// The step dialogs by step name: every ./<StepName>Dialog.vue in this folder, found at build time, so a dialog that
// another engineer adds is offered without touching this file. Each has the one interface of a step dialog: props
// caseId, caseSummary, modelValue (v-model); events update:modelValue and done. Loaded when first opened.

const modules = import.meta.glob<{ default: Component }>('./*Dialog.vue')

const dialogs: Record<string, Component> = {}
for (const [path, load] of Object.entries(modules)) {
  const step = /^\.\/(\w+)Dialog\.vue$/.exec(path)?.[1]
  if (step) dialogs[step] = defineAsyncComponent(load)
}

/** The dialog of a step (e.g. 'LogVisit'), or null while it has none: the step is then shown disabled (暂未开放). */
export function stepDialog(step: string): Component | null {
  return dialogs[step] ?? null
}

/** The steps that have a dialog. */
export function stepsWithDialogs(): string[] {
  return Object.keys(dialogs).sort()
}

/** The label shown beside a step that has no dialog yet. */
export const NOT_YET_OPEN = '暂未开放'
