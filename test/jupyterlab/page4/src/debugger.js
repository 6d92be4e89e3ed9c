/**
 * JupyterLab 4's visual debugger on the minimal page (?debugger=on): the pieces JupyterLab's
 * debugger-extension registers as plugins, wired by hand because the page has no application
 * shell. A debugger service (with the hash config the kernel's debugInfo fills in), a notebook
 * handler (the bug button in the notebook toolbar, the breakpoint gutter and current-line highlight
 * in every cell), and the sidebar (variables, call stack, breakpoints) to the right of the notebook.
 *
 * Loaded with import() by index.js, so the other views of the page carry none of its code or CSS.
 */
import { Debugger } from '@jupyterlab/debugger';
import { CommandRegistry } from '@lumino/commands';
import { BoxPanel } from '@lumino/widgets';
import '@jupyterlab/debugger/style/index.js';

/** The commands the sidebar's toolbars show (continue, step, evaluate...), run on the service. */
function debuggerCommands(service) {
  const registry = new CommandRegistry();
  const ids = Debugger.CommandIDs;
  const icons = Debugger.Icons;
  const whenStopped = () => service.hasStoppedThreads();
  const add = (id, label, icon, execute, isEnabled = whenStopped) =>
    registry.addCommand(id, { label, caption: label, icon, isEnabled, execute: async () => { await execute(); registry.notifyCommandChanged(); } });
  add(ids.debugContinue, 'Continue', icons.continueIcon, () => service.continue());
  add(ids.next, 'Next', icons.stepOverIcon, () => service.next());
  add(ids.stepIn, 'Step In', icons.stepIntoIcon, () => service.stepIn());
  add(ids.stepOut, 'Step Out', icons.stepOutIcon, () => service.stepOut());
  add(ids.terminate, 'Terminate', icons.terminateIcon, () => service.restart());
  // The page has no dialog for the expression: the evaluate button is left out (disabled).
  add(ids.evaluate, 'Evaluate Code', icons.evaluateIcon, () => {}, () => false);
  // Toggles every exception filter the kernel offers (JupyterLab opens a menu of them).
  add(
    ids.pauseOnExceptions,
    'Pause on exceptions',
    icons.pauseOnExceptionsIcon,
    async () => {
      const session = service.session;
      const on = (session?.currentExceptionFilters ?? []).length > 0;
      await service.pauseOnExceptions(on ? [] : (session?.exceptionBreakpointFilters ?? []).map((f) => f.filter));
    },
    () => service.pauseOnExceptionsIsValid(),
  );
  service.eventMessage.connect(() => registry.notifyCommandChanged());
  service.sessionChanged.connect(() => registry.notifyCommandChanged());
  return registry;
}

export async function addDebugger({ panel, box, manager, editors }) {
  const config = new Debugger.Config();
  const service = new Debugger.Service({ config, specsManager: manager.kernelspecs });
  const registry = debuggerCommands(service);
  const ids = Debugger.CommandIDs;
  const sidebar = new Debugger.Sidebar({
    service,
    callstackCommands: { registry, continue: ids.debugContinue, terminate: ids.terminate, next: ids.next, stepIn: ids.stepIn, stepOut: ids.stepOut, evaluate: ids.evaluate },
    breakpointsCommands: { registry, pauseOnExceptions: ids.pauseOnExceptions },
    editorServices: { factoryService: editors.factoryService, mimeTypeService: editors.mimeTypeService },
  });
  box.direction = 'left-to-right';
  box.addWidget(sidebar);
  BoxPanel.setStretch(sidebar, 0);
  BoxPanel.setSizeBasis(sidebar, 400);

  // The bug button only toggles the debugger for the focused document: here, always the notebook.
  const handler = new Debugger.Handler({ type: 'notebook', shell: { currentWidget: panel }, service });
  await handler.updateContext(panel, panel.sessionContext);

  const frames = () => service.model.callstack.frames.map((f) => ({ name: f.name, line: f.line, path: f.source?.path ?? '' }));
  return {
    /** What the service knows (the test also reads what the sidebar and editors show). */
    state: () => ({
      started: service.isStarted,
      stopped: service.hasStoppedThreads(),
      frames: frames(),
      breakpoints: [...service.model.breakpoints.breakpoints.entries()].map(([path, bps]) => ({ path, lines: bps.map((b) => b.line), verified: bps.map((b) => !!b.verified) })),
    }),
    /** The debugger's name of a cell's code (tmpFilePrefix + hash + tmpFileSuffix, from debugInfo). */
    codeId: (cell) => service.getCodeId(panel.content.widgets[cell].model.sharedModel.getSource()),
  };
}
