/**
 * The scenario catalogue (scenarios.md), one line each, anchored by id so the journal can link to it;
 * Chinese first, English beside it in small grey text.
 */
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
                      <div>
                        {s.zh}
                        <span class="en">{s.title}</span>
                      </div>
                      <div class="small">
                        预期 → {s.expectedZh ?? s.expected}
                        {s.expectedZh && <span class="en">{s.expected}</span>}
                      </div>
                      {s.reproduce && (
                        <div class="small">
                          沙箱中复现：{s.reproduceZh ?? s.reproduce}
                          {s.reproduceZh && <span class="en">{s.reproduce}</span>}
                        </div>
                      )}
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
