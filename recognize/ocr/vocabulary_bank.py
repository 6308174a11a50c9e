"""The words bank pages and bank text messages are read by: message shapes (the money verb and its amount, the
card, the place, the bank's 【signature】) and the words that say money came in. Data only.
"""

from __future__ import annotations

import re

# A card as a message names it: '尾号1234的储蓄卡', '尾号1234信用卡', '账户1234', '账户*1234'.
SMS_CARD = re.compile(
    r"(?:尾号(?:为)?\*?(?P<last>\d{4})(?:的)?(?P<kind>储蓄卡|信用卡|借记卡)?|账户\*?(?P<last2>\d{4}))"
)
# The card's kind named before its number: '您的借记卡账户尾号1234'.
SMS_CARD_KIND_BEFORE = re.compile(r"(?P<kind>储蓄卡|信用卡|借记卡)账户尾号")
# The money verb and the amount after it: '扣款人民币36.50元', '消费支出人民币2,9.51元', '入账工资人民币8,500.00元'.
# The balance and credit left (余额, 可用额度) follow their own words, never one of these.
SMS_MONEY = re.compile(
    r"(?P<verb>支出|消费|扣款|付款|支付|入账|收入|转入|存入)(?P<what>工资|代发|退款|[^\d元，,。余额度]{0,16}?)?"
    r"(?:人民币|RMB|CNY)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)元"
)
# Verbs and words saying the money came in (the rest went out).
SMS_INCOME = re.compile(r"入账|收入|转入|存入|工资|代发|退款")
# Where the card was used: '在美团快捷支付', '在永辉超市消费'; or the place in brackets after the amount.
SMS_PLACE = re.compile(r"在(?P<place>[^在，,。]{2,24}?)(?:快捷支付|网上支付|消费|支付|扣款)")
SMS_PLACE_BRACKET = re.compile(r"[(（](?P<place>[^()（）]{2,24})[)）]")
# A bank's signature: '【招商银行】' (at the start or at the end of the message).
# The closing bracket of a signature at the message's end may be cut off.
SMS_TAG = re.compile(r"【(?P<bank>[\u4e00-\u9fff]{2,10}银行)(?:[^】]{0,6}】|$)")
# The message's own time: '12月01日12:30', '3月2日 9:05' (no year: the capture's).
SMS_TIME = re.compile(
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}日\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?|(?<!\d)\d{1,2}-\d{1,2}\s*\d{1,2}:\d{2}"
)

# Words on a bank page saying money came in: wages paid by an employer, interest, a transfer received.
BANK_INCOME_WORDS = re.compile(r"代发工资|代发|工资|结息|利息|转入成功|入账成功|收入金额")
# Lines that name a kind of income, not who paid it.
BANK_GENERIC_NAMES = ("代发工资", "代发", "工资", "结息", "利息", "转入成功", "入账成功")
# A bank no list names, as its own page prints it in the card's name ('宁波银行借记卡(1234)').
ANY_BANK = re.compile(r"[\u4e00-\u9fff]{2,4}银行")
# A card as a bank's own statement names it above its rows: '一卡通(1234)', '民生借记卡 尾号5678'.
CARD_LINE = re.compile(r"(借记卡|储蓄卡|信用卡|一卡通|灵通卡).{0,6}\d{4}")
# A credit card statement's total and what is due: never a payment, and the page lists spending unsigned.
STATEMENT_TOTAL = re.compile(r"本期应还|本期账单|账单金额|最低还款")
# A statement row that is the card being repaid (money moved to the card: a transfer).
REPAYMENT_ROW = re.compile(r"^(信用卡)?(还款|自动还款|转账还款)")
