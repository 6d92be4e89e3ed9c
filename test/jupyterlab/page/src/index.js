/**
 * The JupyterLab 3.5 page: JupyterLab 3.5.3's classes, handed to the shared page logic (app.js).
 */
import { PageConfig } from '@jupyterlab/coreutils';
import { ServiceManager } from '@jupyterlab/services';
import { DocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { editorServices } from '@jupyterlab/codemirror';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { NotebookActions, NotebookModelFactory, NotebookPanel, NotebookWidgetFactory, StaticNotebook } from '@jupyterlab/notebook';
import javascriptExtension from '@jupyterlab/javascript-extension';
import jsonExtension from '@jupyterlab/json-extension';
import { BoxPanel, Widget } from '@lumino/widgets';
import '@jupyterlab/notebook/style/index.js';
import notebookPackage from '@jupyterlab/notebook/package.json';
import { run } from './app.js';

run({
  version: notebookPackage.version,
  PageConfig, ServiceManager, DocumentManager, DocumentRegistry, RenderMimeRegistry, standardRendererFactories,
  NotebookActions, NotebookModelFactory, NotebookPanel, NotebookWidgetFactory, StaticNotebook, BoxPanel, Widget,
  // JupyterLab's default renderers plus the mime extensions it ships that claim JSON or
  // JavaScript (registered as JupyterLab's rendermime plugin does), so MIME choices made here
  // are the ones JupyterLab makes.
  mimeExtensions: [javascriptExtension, jsonExtension],
  loadTheme: (theme) =>
    theme === 'dark' ? import('@jupyterlab/theme-dark-extension/style/theme.css') : import('@jupyterlab/theme-light-extension/style/theme.css'),
  editor: () => ({
    editorFactory: editorServices.factoryService.newInlineEditor.bind(editorServices.factoryService),
    mimeTypeService: editorServices.mimeTypeService,
  }),
  tagsOf: (model) => model.metadata.get('tags'),
  // Every cell rendered at once (the checks look at all outputs), no blank space after the last.
  notebookConfig: { numberCellsToRenderDirectly: 1e6, renderCellOnIdle: false, scrollPastEnd: false },
});
