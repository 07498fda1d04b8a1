/** CodeMirror 6 with highlighting chosen by the file's extension. Remount (key) to switch files. */
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

export function languageFor(filename: string): Extension {
  const ext = filename.slice(filename.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'py':
      return python();
    case 'ts':
    case 'mts':
    case 'cts':
      return javascript({ typescript: true });
    case 'tsx':
      return javascript({ typescript: true, jsx: true });
    case 'jsx':
      return javascript({ jsx: true });
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'json':
      return javascript();
    default:
      return [];
  }
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono)' },
});

export function CodeEditor({
  filename,
  initial,
  onChange,
  readOnly = false,
  label,
}: {
  filename: string;
  initial: string;
  onChange?(text: string): void;
  readOnly?: boolean;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      doc: initial,
      parent: host.current,
      extensions: [
        basicSetup,
        theme,
        languageFor(filename),
        EditorView.editable.of(!readOnly),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) changed.current?.(u.state.doc.toString());
        }),
      ],
    });
    return () => view.destroy();
  }, []);
  return <div className="code-editor" ref={host} data-filename={filename} />;
}
