// E-invoices on the page: the 发票 mark on a record's row, the invoice panel in its editor (open the original file,
// the 报销 mark), the review's note on what an invoice or payment will join, and the invoices zip of a period.

import { api, query } from '../api.js';
import { announce, el, ensureStylesheet, showError } from '../dom.js';
import { addStrings, getLang, setText, t } from '../i18n.js';
import { formatAmount } from '../money.js';
import { shortDateTime } from '../time.js';

addStrings({
  zh: {
    'invoice.mark': '发票',
    'invoice.markStage': '发票 · {stage}',
    'invoice.number': '发票号码 {number}',
    'invoice.open': '打开发票',
    'invoice.stage': '报销',
    'invoice.stage.none': '不报销',
    'invoice.stage.reimbursable': '可报销',
    'invoice.stage.submitted': '已提交',
    'invoice.stage.reimbursed': '已报销',
    'invoice.stageSaved': '报销状态已改为：{stage}',
    'invoice.filter': '发票',
    'invoice.filter.any': '有发票',
    'invoice.filter.none': '没有发票',
    'invoice.export': '导出这些发票（zip）',
    'invoice.attachToPayment': '这张发票会附在已记的这笔账单上，不会多记一笔：',
    'invoice.attachToInvoice': '这笔付款会和已记的发票合并成一笔：',
    'invoice.attachKeep': '合并为一笔',
    'invoice.documentAlt': '发票第一页',
    'dup.invoice_no': '同一张发票（发票号码相同）',
    'invoice.codeNumber': '发票代码 {code} · 发票号码 {number}',
    'invoice.kind.digital': '数电票',
    'invoice.kind.digital_normal': '数电票（普通发票）',
    'invoice.kind.digital_special': '数电票（增值税专用发票）',
    'invoice.kind.legacy_normal': '增值税电子普通发票',
    'invoice.kind.legacy_special': '增值税专用发票',
    'invoice.buyer': '购买方 {buyer}',
    'invoice.buyerTaxId': '纳税人识别号 {id}',
    'invoice.tax': '税额 {tax}',
    'invoice.creditNote': '红字发票：冲销已开的发票，记为退款',
    'invoice.creditNoteOf': '红字发票：冲销发票 {number}，记为退款',
  },
  en: {
    'invoice.mark': 'Invoice',
    'invoice.markStage': 'Invoice · {stage}',
    'invoice.number': 'Invoice no. {number}',
    'invoice.open': 'Open invoice',
    'invoice.stage': 'Reimbursement',
    'invoice.stage.none': 'Not claimed',
    'invoice.stage.reimbursable': 'Reimbursable',
    'invoice.stage.submitted': 'Submitted',
    'invoice.stage.reimbursed': 'Reimbursed',
    'invoice.stageSaved': 'Reimbursement set to: {stage}',
    'invoice.filter': 'Invoice',
    'invoice.filter.any': 'With invoice',
    'invoice.filter.none': 'Without invoice',
    'invoice.export': 'Export these invoices (zip)',
    'invoice.attachToPayment': 'This invoice will be attached to this recorded payment, not counted again:',
    'invoice.attachToInvoice': 'This payment will join the invoice already recorded, as one record:',
    'invoice.attachKeep': 'Make them one record',
    'invoice.documentAlt': 'First page of the invoice',
    'dup.invoice_no': 'the same invoice (same invoice number)',
    'invoice.codeNumber': 'Invoice code {code} · no. {number}',
    'invoice.kind.digital': 'Digital e-invoice',
    'invoice.kind.digital_normal': 'Digital e-invoice (general)',
    'invoice.kind.digital_special': 'Digital e-invoice (VAT special)',
    'invoice.kind.legacy_normal': 'VAT e-invoice (general, older kind)',
    'invoice.kind.legacy_special': 'VAT special invoice (older kind)',
    'invoice.buyer': 'Buyer {buyer}',
    'invoice.buyerTaxId': 'tax ID {id}',
    'invoice.tax': 'Tax {tax}',
    'invoice.creditNote': 'Credit note: it cancels an earlier invoice and is recorded as a refund',
    'invoice.creditNoteOf': 'Credit note: it cancels invoice {number} and is recorded as a refund',
  },
});

const STAGES = ['reimbursable', 'submitted', 'reimbursed'];

ensureStylesheet(new URL('../../css/invoices.css', import.meta.url).href);

/** A new `tag` element whose text is `key` translated, now and after a language switch. */
function said(tag, className, key, vars) {
  const node = el(tag, className);
  setText(node, key, vars);
  return node;
}

/** An invoice number as a person reads it: an older 增值税 invoice's key is its 发票代码 followed by its 8-digit 号码. */
function numberText(number, kind) {
  const older = String(kind || '').startsWith('legacy') && number.length > 8;
  return older
    ? said('span', null, 'invoice.codeNumber', { code: number.slice(0, -8), number: number.slice(-8) })
    : said('span', null, 'invoice.number', { number });
}

/** What an invoice says, as lines: its kind and number; whether it is a 红字 credit note and which invoice it
 * cancels; the buyer (with their tax ID) and the tax, when they were read. */
export function invoiceFacts(invoice) {
  const box = el('div', 'invoice-facts');
  const line = el('p', 'invoice-number small');
  if (invoice.kind) line.append(said('span', 'invoice-kind', `invoice.kind.${invoice.kind}`), ' · ');
  line.append(numberText(invoice.number, invoice.kind));
  box.append(line);
  if (invoice.credit_note) {
    const note = invoice.reverses
      ? said('p', 'invoice-credit small', 'invoice.creditNoteOf', { number: invoice.reverses })
      : said('p', 'invoice-credit small', 'invoice.creditNote');
    box.append(note);
  }
  const parties = [];
  if (invoice.buyer) parties.push(said('span', 'invoice-buyer', 'invoice.buyer', { buyer: invoice.buyer }));
  if (invoice.buyer_tax_id) {
    parties.push(said('span', 'invoice-buyer-id', 'invoice.buyerTaxId', { id: invoice.buyer_tax_id }));
  }
  if (invoice.tax) parties.push(said('span', 'invoice-tax', 'invoice.tax', { tax: formatAmount(invoice.tax) }));
  if (parties.length) {
    const more = el('p', 'invoice-parties small');
    parties.forEach((part, index) => more.append(...(index ? [' · ', part] : [part])));
    box.append(more);
  }
  return box;
}

/** The words of a 报销 stage (null: not claimed). */
function stageText(stage) {
  return t(`invoice.stage.${stage || 'none'}`);
}

/** Put (or take away) the 发票 mark on a record's row. */
export function markRow(li, record) {
  const main = li.querySelector('.rec-main');
  let mark = main.querySelector('.rec-invoice');
  if (!record.invoice) {
    if (mark) mark.remove();
    return;
  }
  if (!mark) {
    mark = el('span', 'rec-invoice small');
    main.append(mark);
  }
  const stage = record.invoice.reimbursement;
  mark.textContent = stage ? t('invoice.markStage', { stage: stageText(stage) }) : t('invoice.mark');
}

/** The invoice panel of a record's editor: its number, a button opening the file, the 报销 mark; null without one. */
export function invoicePanel(record, onChanged) {
  if (!record.invoice) return null;
  const box = el('div', 'invoice-panel');
  box.append(invoiceFacts(record.invoice));
  const open = said('button', 'button invoice-open', 'invoice.open');
  open.type = 'button';
  open.addEventListener('click', async () => {
    // Opened at once (a popup blocker allows it), pointed at the file once its short-lived URL is signed.
    const tab = window.open('', '_blank');
    try {
      const answer = await api('GET', `/records/${encodeURIComponent(record.id)}/invoice`);
      if (tab) tab.location.href = answer.url;
      else window.location.href = answer.url;
    } catch (error) {
      if (tab) tab.close();
      showError(error.message);
    }
  });
  const label = el('label', 'field invoice-stage');
  label.append(said('span', 'label', 'invoice.stage'));
  const select = el('select', 'invoice-stage-select');
  for (const stage of ['', ...STAGES]) {
    const option = said('option', '', `invoice.stage.${stage || 'none'}`);
    option.value = stage;
    select.append(option);
  }
  select.value = record.invoice.reimbursement || '';
  select.addEventListener('change', async () => {
    const stage = select.value || null;
    try {
      const invoice = await api('PATCH', `/records/${encodeURIComponent(record.id)}/invoice`, { reimbursement: stage });
      onChanged({ ...record, invoice });
      announce(t('invoice.stageSaved', { stage: stageText(invoice.reimbursement) }));
    } catch (error) {
      select.value = record.invoice.reimbursement || '';
      showError(error.message);
    }
  });
  label.append(select);
  box.append(open, label);
  return box;
}

/** The zip download of the invoices of the records the list's filters show. */
export function exportHref(params) {
  const { from, to, invoice } = params;
  const stage = STAGES.includes(invoice) ? invoice : null;
  return `/api/invoices/export${query({ from, to, invoice: stage, lang: getLang() === 'en' ? 'en' : null })}`;
}

/** The review's note on the record an item will join on confirm, with a switch to keep them apart; or null. */
export function attachNote(item) {
  const target = item.attach_to;
  if (!target) return null;
  const box = el('div', 'attach-note banner');
  const isInvoice = Boolean(item.invoice);
  box.append(said('p', '', isInvoice ? 'invoice.attachToPayment' : 'invoice.attachToInvoice'));
  const what = [formatAmount(target.amount), target.merchant, target.platform, shortDateTime(target.occurred_at)];
  if (target.invoice_no) what.push(t('invoice.number', { number: target.invoice_no }));
  box.append(el('p', 'small', what.filter(Boolean).join(' · ')));
  const label = el('label', 'attach-switch');
  const keep = el('input', 'attach-keep');
  keep.type = 'checkbox';
  keep.checked = true;
  label.append(keep, said('span', '', 'invoice.attachKeep'));
  box.append(label);
  return { box, attached: () => keep.checked };
}

/** Whether a draft's file is a document the browser cannot show in an <img> (PDF, OFD, XML). */
export function isDocument(contentType) {
  return Boolean(contentType) && !String(contentType).startsWith('image/');
}
