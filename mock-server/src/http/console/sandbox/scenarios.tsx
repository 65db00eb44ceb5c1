/** The scenario catalogue (scenarios.md), one line each, anchored by id so the journal can link to it. */
import type { VNode } from 'preact';
import { SCENARIO_GROUPS, type Scenario } from '../../../scenarios/catalogue.ts';
import { Title } from '../widgets.tsx';

export function ScenariosPage(p: { scenarios: readonly Scenario[] }): VNode {
  const groups = Object.entries(SCENARIO_GROUPS) as [Scenario['group'], string][];
  return (
    <div>
      <Title zh="场景" en="Scenarios — every one reproducible in the sandbox" />
      {groups.map(([group, title]) => (
        <section class="cs-panel">
          <h2>{title}</h2>
          <table class="cs-table">
            <tbody>
              {p.scenarios
                .filter((s) => s.group === group)
                .map((s) => (
                  <tr id={s.id}>
                    <td style="width:48px">
                      <span class="cs-scn">{s.id}</span>
                    </td>
                    <td>
                      <div>{s.title}</div>
                      <div class="small muted">→ {s.expected}</div>
                      {s.reproduce && <div class="small">沙箱中复现 (reproduce): {s.reproduce}</div>}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
