import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { buildReport, type ReportModel } from '../../src/report/model.ts';
import { chartOf, renderReport } from '../../src/report/render.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../support/core.ts';
import { KEY, scriptedIncident } from './scripted.ts';

const testDb = useTestDb();
let core: Core;
let model: ReportModel;
const ZONE = 'Asia/Shanghai';

beforeAll(async () => {
  const clock = testClock();
  core = await makeCore(await connectDb(testDb.uri('report_render')), { now: clock.now });
  await scriptedIncident(core, clock);
  model = await buildReport(core, KEY);
});
afterAll(async () => core?.db.close());

const render = async (format: 'md' | 'html' | 'pdf', locale: 'en' | 'zh-CN') => renderReport(model, { core, locale, zone: ZONE }, format);

async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const r = await parser.getText();
    return { text: r.text, pages: r.total };
  } finally {
    await parser.destroy();
  }
}

describe('the summary report of a scripted incident', () => {
  it('has every section in English, with the figures the test clock gives', async () => {
    const md = String(await render('md', 'en'));
    for (const heading of ['Overview', 'Metrics', 'Timeline', 'Verified facts', 'Impact and losses', 'Response measures', 'Escalations', 'Public statements', 'Control and recovery', 'Effect evaluation', 'Root cause', 'Shortfalls and their causes', 'Lessons', 'Improvement actions']) {
      expect(md).toContain(`## ${heading}\n`);
    }
    expect(md).toContain('| Time to acknowledge | 12 min |');
    expect(md).toContain('| Time to first public statement | none recorded |');
    expect(md).toContain('| Time to control | 1 h 20 min |');
    expect(md).toContain('| Time to resolve | 1 h 55 min |');
    expect(md).toContain('| Steps on time | 20 % (1 of 5) |');
    expect(md).toContain('| Alerts sent | 1 |');
    expect(md).toContain('| Escalations sent | 1 |');
    // Times in the reader's zone: raised 10:00 UTC is 18:00 in Shanghai.
    expect(md).toContain('| Raised | 2026-11-28 18:00 |');
    expect(md).toContain('2026-11-28 19:30: level 2 → 3 by Alice Placeholder: Injuries less serious than first reported');
    expect(md).toContain('| 1 | Call emergency services and start first aid for the injured | Identify | Dave Placeholder | 2026-11-28 18:15 | 2026-11-28 18:10 | on time |');
    expect(md).toContain('| Bob Placeholder | 2026-11-28 18:30 | 2026-11-28 18:50 | late by 20 min |');
    expect(md).toContain('| late by 25 min |');
    expect(md).toContain('not done, overdue by 1 h |');
    expect(md).toContain('- ✓ F1 Fire started in the loading bay');
    expect(md).toContain('disputed by Alice Placeholder: Witness saw two trucks');
    expect(md).toContain('direct loss 250,000 CNY');
    expect(md).toContain('Total direct loss: 250,000 CNY');
    expect(md).toContain('step 2 overdue: alerted Alice Placeholder (rung 2)');
    expect(md).toContain('- Control: entered 2026-11-28 19:20');
  });

  it('names what the record lacks instead of leaving a section blank', async () => {
    const md = String(await render('md', 'en'));
    for (const line of ['No public statement recorded.', 'No effect evaluation recorded.', 'No root-cause analysis recorded.', 'No shortfall analysis recorded.', 'No lessons recorded.', 'No improvement actions recorded.']) {
      expect(md).toContain(`_${line}_`);
    }
  });

  it('reads the same in Chinese', async () => {
    const md = String(await render('md', 'zh-CN'));
    for (const heading of ['概况', '指标', '时间线', '已核实事实', '影响与损失', '应对措施', '升级', '对外声明', '控制与恢复', '效果评估', '根本原因', '不足及原因', '经验教训', '改进措施']) {
      expect(md).toContain(`## ${heading}\n`);
    }
    expect(md).toContain('| 确认用时 | 12 分钟 |');
    expect(md).toContain('| 首次对外声明用时 | 未记录 |');
    expect(md).toContain('| 控制用时 | 1 小时 20 分钟 |');
    expect(md).toContain('| 解决用时 | 1 小时 55 分钟 |');
    expect(md).toContain('| 按时完成的步骤 | 20 %（5 个中 1 个） |');
    expect(md).toContain('迟了 20 分钟');
    expect(md).toContain('_未记录根本原因分析。_');
    expect(md).toContain('拨打急救及消防电话，组织现场急救伤员');
  });

  it("ends with the timeline head's hash", async () => {
    const head = (await core.db.m.Timeline.findById(`${KEY}:${String(model.events.length).padStart(6, '0')}`).lean()) as { hash: string; seq: number } | null;
    expect(head).not.toBeNull();
    expect(String(await render('md', 'en'))).toContain(`Timeline head: event ${head!.seq}, hash ${head!.hash}. Check the record with: crisis-bot audit ${KEY}`);
  });

  it('embeds a chart that parses as SVG of the fixed size, a dot per step coloured by timing', async () => {
    const svg = chartOf(model, { locale: 'en', zone: ZONE });
    expect(XMLValidator.validate(svg)).toBe(true);
    const root = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg).svg;
    expect([root.width, root.height]).toEqual(['960', '360']);
    const dots = (root.circle as { fill: string }[]).map((c) => c.fill);
    expect(dots).toHaveLength(14);
    expect(dots.filter((f) => f === '#2e7d32')).toHaveLength(1);
    expect(dots.filter((f) => f === '#c62828')).toHaveLength(2);
    const html = String(await render('html', 'en'));
    expect(html).toContain('<figure><svg xmlns="http://www.w3.org/2000/svg" width="960" height="360"');
    expect(html).toContain('<h2>Root cause</h2><p class="missing">No root-cause analysis recorded.</p>');
  });

  it('makes a PDF that opens and carries the headline metrics, in English and in Chinese', async () => {
    const en = await pdfText((await render('pdf', 'en')) as Buffer);
    expect(en.pages).toBeGreaterThanOrEqual(1);
    for (const line of ['Time to acknowledge: 12 min', 'Time to control: 1 h 20 min', 'Time to resolve: 1 h 55 min', 'Steps on time: 20 % (1 of 5)', 'Time to first public statement: none recorded']) expect(en.text).toContain(line);
    const zh = await pdfText((await render('pdf', 'zh-CN')) as Buffer);
    for (const line of ['确认用时: 12 分钟', '首次对外声明用时: 未记录', '按时完成的步骤: 20 %（5 个中 1 个）', '根本原因']) expect(zh.text).toContain(line);
    expect(zh.text).not.toContain('?');
  });

  it('draws Chinese quoted in an English PDF, and names the characters its font lacks', async () => {
    const quoted = { ...model, incident: { ...model.incident, title: '仓库火灾 — 𠀀号库' } };
    const bytes = (await renderReport(quoted, { core, locale: 'en', zone: ZONE }, 'pdf')) as Buffer;
    const { text } = await pdfText(bytes);
    expect(text).toContain('仓库火灾');
    expect(text).toContain("1 character(s) of this report are not in the PDF's font and show as ? (U+20000)");
    expect(text).toContain('仓库火灾 — ?号库');
    expect(text).toContain('Time to acknowledge: 12 min');
  });
});
