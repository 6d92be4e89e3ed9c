/**
 * A minimal JupyterLab notebook page: one notebook, opened through the real document manager,
 * rendered by JupyterLab's own notebook, output area and rendermime registry (with its HTML
 * sanitizer), talking to the server's kernels and contents APIs. No application shell: what is
 * checked is how JupyterLab draws the kernel's outputs.
 *
 * This file imports no package: index.js (JupyterLab 3.5) and ../../page4/src/index.js
 * (JupyterLab 4) hand it their own @jupyterlab classes, so one page logic runs on both.
 *
 * URL: <app_url>?token=T&path=NOTEBOOK[&theme=dark][&kernel=no][&debugger=on]
 *   kernel=no opens the notebook without starting a kernel (the "opened later, untrusted" case).
 *   debugger=on adds JupyterLab's visual debugger (pages that hand over `lab.debugger`, i.e.
 *   JupyterLab 4): the bug button in the notebook toolbar and the debugger sidebar beside it.
 *
 * The test drives it through `window.d2l` (see the interface at the bottom).
 */
import './page.css';

function cellReport(lab, cell, index) {
  const model = cell.model;
  const tags = lab.tagsOf(model) ?? [];
  const report = { index, type: model.type, tags: Array.isArray(tags) ? tags : [] };
  if (model.type !== 'code') return report;
  const outputs = model.outputs.toJSON();
  return {
    ...report,
    trusted: model.trusted,
    executionCount: model.executionCount ?? null,
    outputTypes: outputs.map((o) => o.output_type),
    errors: outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`),
    stderr: outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => o.text).join(''),
  };
}

export async function startPage(lab) {
  const { PageConfig, ServiceManager, DocumentManager, DocumentRegistry, RenderMimeRegistry, standardRendererFactories, NotebookActions, NotebookModelFactory, NotebookPanel, NotebookWidgetFactory, StaticNotebook, BoxPanel, Widget } = lab;
  const query = new URLSearchParams(window.location.search);
  const theme = query.get('theme') === 'dark' ? 'dark' : 'light';
  const withKernel = query.get('kernel') !== 'no';
  const path = query.get('path');
  // The server authenticates API calls by the token (header), so no cookie or XSRF dance is needed.
  if (query.get('token')) PageConfig.setOption('token', query.get('token'));
  if (!path) throw new Error('no ?path= given: which notebook should the page open?');
  await lab.loadTheme(theme);
  document.body.dataset.jpThemeLight = String(theme === 'light');
  document.body.dataset.jpThemeName = theme === 'dark' ? 'JupyterLab Dark' : 'JupyterLab Light';
  const manager = new ServiceManager();
  await manager.ready;

  // Registered as JupyterLab's rendermime plugin does, so MIME choices made here are JupyterLab's.
  const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
  for (const ext of lab.mimeExtensions.flat()) rendermime.addFactory(ext.rendererFactory, ext.rank);
  const registry = new DocumentRegistry();
  const docManager = new DocumentManager({ registry, manager, opener: { open: () => {} } });
  const editors = lab.editor();
  const { editorFactory, mimeTypeService } = editors;
  const contentFactory = new NotebookPanel.ContentFactory({ editorFactory });
  registry.addModelFactory(new NotebookModelFactory({}));
  registry.addWidgetFactory(
    new NotebookWidgetFactory({
      name: 'Notebook',
      modelName: 'notebook',
      fileTypes: ['notebook'],
      defaultFor: ['notebook'],
      preferKernel: withKernel,
      canStartKernel: withKernel,
      rendermime,
      contentFactory,
      mimeTypeService,
      notebookConfig: { ...StaticNotebook.defaultNotebookConfig, ...lab.notebookConfig },
    }),
  );

  const panel = docManager.open(path);
  const box = new BoxPanel();
  box.id = 'main';
  box.addWidget(panel);
  BoxPanel.setStretch(panel, 1);
  Widget.attach(box, document.body);
  window.addEventListener('resize', () => box.update());

  await panel.context.ready;
  await panel.sessionContext.ready;
  if (withKernel) {
    const kernel = panel.sessionContext.session?.kernel;
    if (!kernel) throw new Error(`no kernel started for ${path}`);
    await kernel.info;
  }

  // Run All's own promise settles at the first failed cell while later cells still run (a cell
  // tagged raises-exception does not stop the kernel), so completion is counted per cell from
  // the notebook's `executed` signal instead.
  const state = { run: 'idle', finished: 0, expected: 0, failures: [] };
  NotebookActions.executed.connect((_, { notebook, cell, success, error }) => {
    if (notebook !== panel.content || cell.model.type !== 'code' || state.run !== 'running') return;
    state.finished += 1;
    if (!success) state.failures.push(`cell ${panel.content.widgets.indexOf(cell)}: ${error?.message ?? error}`);
    if (state.finished >= state.expected) state.run = 'done';
  });
  window.d2l = {
    jupyterlab: lab.version,
    path,
    theme,
    state,
    kernelName: () => panel.sessionContext.session?.kernel?.name ?? null,
    /** What Run > Run All Cells does in JupyterLab. */
    runAll() {
      // Clear first, so a notebook saved with outputs only shows this run's.
      NotebookActions.clearAllOutputs(panel.content);
      Object.assign(state, { run: 'running', finished: 0, failures: [] });
      state.expected = panel.content.widgets.filter((c) => c.model.type === 'code').length;
      void NotebookActions.runAll(panel.content, panel.sessionContext).catch((e) => state.failures.push(String(e)));
    },
    cells: () => panel.content.widgets.map((cell, i) => cellReport(lab, cell, i)),
    /** Shuts the notebook's kernel down (closing the page would leave it running on the server). */
    shutdown: () => panel.sessionContext.shutdown(),
    /**
     * Labels every rendered output with data-d2l-cell / data-d2l-output (so the test can find it
     * in the DOM) and returns the outputs as stored in the model, in the same order.
     */
    markOutputs() {
      const found = [];
      panel.content.widgets.forEach((cell, c) => {
        if (cell.model.type !== 'code') return;
        const outputs = cell.model.outputs.toJSON();
        cell.outputArea.widgets.forEach((child, o) => {
          child.node.dataset.d2lCell = String(c);
          child.node.dataset.d2lOutput = String(o);
          found.push({ cell: c, output: o, tags: cellReport(lab, cell, c).tags, trusted: cell.model.trusted, json: outputs[o] ?? null });
        });
      });
      return found;
    },
    /** The MIME type JupyterLab's output area would render this bundle with. */
    preferredMimeType: (bundle, trusted) => rendermime.preferredMimeType(bundle, trusted ? 'any' : 'ensure') ?? null,
  };
  if (query.get('debugger') === 'on') {
    if (!lab.debugger) throw new Error(`this page (JupyterLab ${lab.version}) has no debugger`);
    const { addDebugger } = await lab.debugger();
    window.d2l.debugger = await addDebugger({ panel, box, manager, editors });
  }
  document.body.dataset.d2lReady = 'true';
}

/** Starts the page; a failure is shown on the body for the test to report. */
export function run(lab) {
  startPage(lab).catch((e) => {
    document.body.dataset.d2lError = String(e?.stack ?? e);
    console.error(e);
  });
}
