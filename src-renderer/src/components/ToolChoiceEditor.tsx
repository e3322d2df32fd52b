import { ChevronDown, ChevronRight } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { McpServerState, ToolChoice } from '@contract/tools';
import { serverState, toggled, toolOn } from './tool-choice';

export type EditorServer = {
  id: string;
  name: string;
  state?: McpServerState;
  /** Chosen, but no longer set up in Settings. */
  missing?: boolean;
  enabled: boolean;
  tools: Array<{ name: string; description?: string; disabled: boolean }>;
};

function ServerCheckbox({
  label,
  state,
  disabled,
  onChange,
}: {
  label: string;
  state: 'all' | 'some' | 'none';
  disabled: boolean;
  onChange: (on: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={label}
      checked={state === 'all'}
      disabled={disabled}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

function ServerRow({
  server,
  choice,
  onChange,
}: {
  server: EditorServer;
  choice: ToolChoice;
  onChange?: (choice: ToolChoice) => void;
}) {
  const [open, setOpen] = useState(false);
  const usable = server.tools.filter((t) => !t.disabled).map((t) => t.name);
  const all = server.tools.map((t) => t.name);
  const state = serverState(choice, server.id, usable);
  const onCount = server.enabled ? usable.filter((t) => toolOn(choice, server.id, t)).length : 0;
  const readOnly = !onChange || server.missing === true;
  const listId = `tool-choice-${server.id}`;
  const note = server.missing
    ? 'no longer set up'
    : !server.enabled
      ? 'turned off in Settings'
      : server.tools.length === 0
        ? server.state === 'starting'
          ? 'starting, to list its tools…'
          : server.state === 'failed'
            ? 'it failed to start: see Settings → Tools'
            : 'its tools are listed when it first runs'
        : `${onCount} of ${usable.length} on`;
  return (
    <li className="tool-choice-server">
      <div className="tool-choice-head">
        <ServerCheckbox
          label={`All tools of ${server.name}`}
          state={state}
          disabled={readOnly || !server.enabled}
          onChange={(on) => onChange?.(toggled(choice, { server: server.id, on, allTools: usable }))}
        />
        <span className="tool-choice-name">{server.name}</span>
        <span className="tool-choice-note">{note}</span>
        {server.tools.length > 0 && (
          <button
            type="button"
            className="tool-choice-expand"
            aria-expanded={open}
            aria-controls={listId}
            aria-label={`${open ? 'Hide' : 'Show'} the tools of ${server.name}`}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />}
          </button>
        )}
      </div>
      {open && (
        <ul id={listId} className="tool-choice-tools">
          {server.tools.map((tool) => (
            <li key={tool.name}>
              <label className="check-row tool-choice-tool">
                <input
                  type="checkbox"
                  aria-label={tool.name}
                  checked={server.enabled && !tool.disabled && toolOn(choice, server.id, tool.name)}
                  disabled={readOnly || !server.enabled || tool.disabled}
                  onChange={(e) =>
                    onChange?.(
                      toggled(choice, {
                        server: server.id,
                        tool: tool.name,
                        on: e.target.checked,
                        allTools: all.filter((t) => usable.includes(t)),
                      }),
                    )
                  }
                />
                <code className="tool-choice-tool-name">{tool.name}</code>
                {tool.disabled && <span className="tool-choice-note">turned off in Settings</span>}
                {tool.description && <span className="tool-choice-description">{tool.description}</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * Which tools a model may use, by server (all its tools, those it adds later included) and by tool. Servers' own
 * texts (tool names and descriptions) are shown as plain text. Without `onChange` it only shows the choice.
 */
export function ToolChoiceEditor({
  label,
  servers,
  choice,
  onChange,
  empty,
}: {
  label: string;
  servers: readonly EditorServer[];
  choice: ToolChoice;
  onChange?: (choice: ToolChoice) => void;
  empty?: ReactNode;
}) {
  return (
    <fieldset className="bare-fieldset tool-choice">
      <legend className="field-label">{label}</legend>
      {servers.length === 0 ? (
        <p className="field-hint">{empty ?? 'No tool servers are set up: add one in Settings → Tools.'}</p>
      ) : (
        <ul className="tool-choice-servers">
          {servers.map((server) => (
            <ServerRow key={server.id} server={server} choice={choice} {...(onChange ? { onChange } : {})} />
          ))}
        </ul>
      )}
    </fieldset>
  );
}
