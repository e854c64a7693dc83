import type { Actor } from '@renkei/core/context/actor';
import type { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import type { IncidentTaskEntity } from '@renkei/incidents/entities/incident-task.entity';
import type { EntityManager } from 'typeorm';
import {
  ReportSectionContext,
  ReportSectionRegistry,
  ReportTaskDetailsProvider,
} from '../report/report-sections';

const context = (language: 'ja' | 'en'): ReportSectionContext => ({
  actor: {} as Actor,
  incident: { id: 'incident' } as IncidentEntity,
  language,
  manager: {} as EntityManager,
});
const tasks = [{ id: 't1' }, { id: 't2' }, { id: 't3' }] as IncidentTaskEntity[];

function provider(
  key: string,
  columns: string[],
  cells: Record<string, string[]>,
  blocks: string[] = [],
): ReportTaskDetailsProvider {
  return {
    key,
    columns: columns.map((column) => ({ ja: `${column}（ja）`, en: column })),
    build: async () => ({
      cells: new Map(Object.entries(cells)),
      blocks: blocks.map((text) => ({ kind: 'paragraph' as const, text })),
    }),
  };
}

describe('report section registry', () => {
  it('refuses a built-in key, a repeated key and a malformed one', () => {
    const registry = new ReportSectionRegistry();
    const section = { key: 'EXTRA', heading: { ja: 'x', en: 'x' }, build: async () => null };
    registry.register(section);
    expect(() => registry.register(section)).toThrow(/already registered/);
    expect(() => registry.register({ ...section, key: 'TASKS' })).toThrow(/already registered/);
    expect(() => registry.register({ ...section, key: 'lower' })).toThrow(/Invalid/);
    expect(registry.knownKeys()).toContain('EXTRA');
  });

  it('lines up the task columns of every provider, blank where a provider knows nothing of a task', async () => {
    const registry = new ReportSectionRegistry();
    registry.registerTaskDetails(
      provider('FIRST', ['Step', 'Items'], { t1: ['s1', 'i1'], t3: ['s3'] }, ['Applied']),
    );
    // Nothing to say about these tasks: no columns (its blocks still print).
    registry.registerTaskDetails(provider('SILENT', ['Never'], {}, ['Note']));
    registry.registerTaskDetails(provider('SECOND', ['Owner'], { t2: ['o2'] }));
    expect(() => registry.registerTaskDetails(provider('FIRST', [], {}))).toThrow(/already registered/);

    const details = await registry.taskDetails(context('en'), tasks);
    expect(details.columns).toEqual(['Step', 'Items', 'Owner']);
    expect(Object.fromEntries(details.cells)).toEqual({
      t1: ['s1', 'i1', ''],
      t2: ['', '', 'o2'],
      t3: ['s3', '', ''],
    });
    expect(details.blocks).toEqual([
      { kind: 'paragraph', text: 'Applied' },
      { kind: 'paragraph', text: 'Note' },
    ]);
    expect((await registry.taskDetails(context('ja'), tasks)).columns[0]).toBe('Step（ja）');
    expect(await registry.taskDetails(context('en'), [])).toEqual({
      columns: [],
      cells: new Map(),
      blocks: [],
    });
  });
});
