import { useEffect, useRef, useState } from 'react';
import type { FlowDocument, FlowProblem } from '../api/flow-types';
import type { FlowsApi } from '../api/flows';

/** Asks the API's validator about the document shortly after each edit; the newest answer wins. */
export function useLiveValidation(
  flows: FlowsApi,
  instance: string,
  flow: string,
  doc: FlowDocument,
  initial: FlowProblem[],
) {
  const [problems, setProblems] = useState<FlowProblem[]>(initial);
  const [error, setError] = useState<unknown>(undefined);
  const json = JSON.stringify(doc);
  const checked = useRef(json);
  const generation = useRef(0);
  useEffect(() => {
    if (json === checked.current) return;
    const mine = ++generation.current;
    const timer = setTimeout(() => {
      flows.validate(instance, flow, JSON.parse(json) as FlowDocument).then(
        (r) => {
          if (mine !== generation.current) return;
          checked.current = json;
          setProblems(r.problems);
          setError(undefined);
        },
        (err: unknown) => {
          if (mine === generation.current) setError(err);
        },
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [json, flows, instance, flow]);
  /** Problems the API answered for this exact document (after a save or an import). */
  const set = (doc: FlowDocument, list: FlowProblem[]) => {
    generation.current++;
    checked.current = JSON.stringify(doc);
    setProblems(list);
  };
  return { problems, error, set };
}
