import { describe, expect, it } from 'vitest';
import { describeHistory, HISTORY_MESSAGES } from '../../../../shared/history/messages';

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('history sentences', () => {
  it('has every action in both languages with the same facts, each starting with the time and who', () => {
    for (const [action, t] of Object.entries(HISTORY_MESSAGES)) {
      expect(placeholders(t['zh-CN']), action).toEqual(placeholders(t.en));
      expect(t.en.startsWith('{time} {actor} '), action).toBe(true);
      expect(t['zh-CN'].startsWith('{time} {actor} '), action).toBe(true);
    }
  });

  it('puts codes, reasons and lists in the reader’s words, and names the system when no one acted', () => {
    const missed = {
      action: 'visit.missed',
      params: { time: '13:15', actor: null, reason: 'SLOT_PASSED', slotEnd: '12:00' },
    };
    expect(describeHistory(missed, 'en')).toBe(
      '13:15 The system marked the visit missed: the slot passed with nobody on site (slot ended 12:00)',
    );
    expect(describeHistory(missed, 'zh-CN')).toBe(
      '13:15 系统 将走访标记为未完成：时段已过且无人到达现场（时段于 12:00 结束）',
    );
    const assign = {
      action: 'visit.plan.assign',
      params: { time: '09:00', actor: '王芳', crew: '第3组', members: ['李雷', '赵敏'], arrival: '14:10' },
    };
    expect(describeHistory(assign, 'zh-CN')).toBe(
      '09:00 王芳 应用了路线规划：走访由 第3组（李雷、赵敏）执行，预计 14:10 到达',
    );
    expect(describeHistory(assign, 'en')).toContain('(李雷, 赵敏), arrival 14:10');
    const created = {
      action: 'visit.create',
      params: { time: '08:00', actor: 'Li', visitType: 'verification', slot: '14:00–16:00' },
    };
    expect(describeHistory(created, 'zh-CN')).toBe('08:00 Li 创建了走访（核实拜访），时段 14:00–16:00');
  });

  it('still reads as a sentence for an action this version does not know', () => {
    const entry = { action: 'visit.teleport', params: { time: '10:00', actor: 'Wang Fang' } };
    expect(describeHistory(entry, 'en')).toBe('10:00 Wang Fang made a change (visit.teleport)');
    expect(describeHistory(entry, 'zh-CN')).toBe('10:00 Wang Fang 进行了变更（visit.teleport）');
  });
});
