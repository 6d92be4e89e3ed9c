/**
 * The JupyterLab 4 page: JupyterLab 4's classes, handed to the shared page logic
 * (../../page/src/app.js). JupyterLab 4's editor is CodeMirror 6, set up from its registries.
 */
import { PageConfig } from '@jupyterlab/coreutils';
import { ServiceManager } from '@jupyterlab/services';
import { DocumentManager } from '@jupyterlab/docmanager';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import {
  CodeMirrorEditorFactory,
  CodeMirrorMimeTypeService,
  EditorExtensionRegistry,
  EditorLanguageRegistry,
  EditorThemeRegistry,
  ybinding,
} from '@jupyterlab/codemirror';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { NotebookActions, NotebookModelFactory, NotebookPanel, NotebookWidgetFactory, StaticNotebook } from '@jupyterlab/notebook';
import javascriptExtension from '@jupyterlab/javascript-extension';
import jsonExtension from '@jupyterlab/json-extension';
import { BoxPanel, Widget } from '@lumino/widgets';
import '@jupyterlab/notebook/style/index.js';
import notebookPackage from '@jupyterlab/notebook/package.json';
import { run } from '../../page/src/app.js';

function editor() {
  const languages = new EditorLanguageRegistry();
  EditorLanguageRegistry.getDefaultLanguages().forEach((l) => languages.addLanguage(l));
  const themes = new EditorThemeRegistry();
  EditorThemeRegistry.getDefaultThemes().forEach((t) => themes.addTheme(t));
  const extensions = new EditorExtensionRegistry();
  EditorExtensionRegistry.getDefaultExtensions({ themes }).forEach((e) => extensions.addExtension(e));
  // The editor shows (and edits) the cell's shared model, as in JupyterLab.
  extensions.addExtension({
    name: 'shared-model-binding',
    factory: (options) => {
      const shared = options.model.sharedModel;
      return EditorExtensionRegistry.createImmutableExtension(ybinding({ ytext: shared.ysource, undoManager: shared.undoManager ?? undefined }));
    },
  });
  const factory = new CodeMirrorEditorFactory({ extensions, languages });
  return { editorFactory: factory.newInlineEditor, factoryService: factory, mimeTypeService: new CodeMirrorMimeTypeService(languages) };
}

run({
  version: notebookPackage.version,
  PageConfig, ServiceManager, DocumentManager, DocumentRegistry, RenderMimeRegistry, standardRendererFactories,
  NotebookActions, NotebookModelFactory, NotebookPanel, NotebookWidgetFactory, StaticNotebook, BoxPanel, Widget,
  mimeExtensions: [javascriptExtension, jsonExtension],
  loadTheme: (theme) =>
    theme === 'dark' ? import('@jupyterlab/theme-dark-extension/style/theme.css') : import('@jupyterlab/theme-light-extension/style/theme.css'),
  editor,
  debugger: () => import('./debugger.js'),
  tagsOf: (model) => model.getMetadata('tags'),
  // Every cell rendered at once (no virtual scrolling: the checks look at all outputs), no blank
  // space after the last.
  notebookConfig: { windowingMode: 'none', scrollPastEnd: false },
});
