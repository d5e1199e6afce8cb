"use client";

import { useEffect, useRef } from "react";
import type { EditorView } from "@codemirror/view";
import type { DefinitionProblem } from "@/lib/apis/openapi/definition-error";
import { cn } from "@/components/ui";

type Props = {
  value: string;
  language: "yaml" | "json";
  onChange: (value: string) => void;
  problems: DefinitionProblem[];
  label: string;
  readOnly?: boolean;
  className?: string;
};

/**
 * CodeMirror 6 with line numbers, YAML/JSON highlighting and the server's validation problems as
 * diagnostics on their lines. Loaded in the browser only; Tab is left to move focus, as basicSetup does.
 */
export function CodeEditor({ value, language, onChange, problems, label, readOnly = false, className }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, value });
  useEffect(() => {
    latest.current = { onChange, value };
  });

  useEffect(() => {
    let destroyed = false;
    void (async () => {
      const [{ basicSetup }, { EditorView: View }, { EditorState }, { yaml }, { json }, { lintGutter }] = await Promise.all([
        import("codemirror"),
        import("@codemirror/view"),
        import("@codemirror/state"),
        import("@codemirror/lang-yaml"),
        import("@codemirror/lang-json"),
        import("@codemirror/lint"),
      ]);
      if (destroyed || !host.current) return;
      view.current = new View({
        parent: host.current,
        state: EditorState.create({
          doc: latest.current.value,
          extensions: [
            basicSetup,
            language === "yaml" ? yaml() : json(),
            lintGutter(),
            EditorState.readOnly.of(readOnly),
            View.contentAttributes.of({ "aria-label": label }),
            View.updateListener.of((update) => {
              if (update.docChanged) latest.current.onChange(update.state.doc.toString());
            }),
            View.theme({ "&": { fontSize: "12px", height: "100%" }, ".cm-scroller": { fontFamily: "var(--font-mono)" } }),
          ],
        }),
      });
    })();
    return () => {
      destroyed = true;
      view.current?.destroy();
      view.current = null;
    };
  }, [language, label, readOnly]);

  // Text replaced from outside (format switch, reload) is pushed into the editor.
  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== value) current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    void import("@codemirror/lint").then(({ setDiagnostics }) => {
      const doc = current.state.doc;
      const diagnostics = problems
        .filter((p) => p.line !== null && p.line >= 1 && p.line <= doc.lines)
        .map((p) => {
          const line = doc.line(p.line as number);
          return { from: line.from, to: line.to, severity: "error" as const, message: p.message };
        });
      current.dispatch(setDiagnostics(current.state, diagnostics));
    });
  }, [problems]);

  return <div ref={host} className={cn("overflow-hidden rounded-lg border border-zinc-300 bg-white text-zinc-900 dark:border-zinc-700", className)} />;
}
