#!/usr/bin/env python3
"""Knowledge base search benchmark: prints figures, asserts nothing.

Fills the database ``cs_kb_bench`` (installed or upgraded here) with N
generated knowledge articles (default 100,000, half Chinese, half English,
on 40 support topics, bodies mixing sentences of other topics as noise),
inserted in bulk SQL and indexed by the model's own
``_cs_update_search_vector`` in batches; they are kept (committed) for the
next run. Then it times ``_cs_suggest`` over 1,000 queries (p50, p95), reads
the size of the full-text and trigram indexes, and measures precision@3 on
a labelled set of queries (an article is relevant when it is about the
query's topic).

    python3 bench/kb_bench.py [--articles 100000] [--queries 1000]
"""

import argparse
import subprocess

from benchlib import prepare_database, print_query_plan, run_in_shell

DATABASE = "cs_kb_bench"

SCRIPT = r'''
import json, os, random, time
from odoo.tools import SQL
from odoo.addons.customer_success_sla.engine import knowledge

N = int(os.environ["BENCH_ARTICLES"])
Q = int(os.environ["BENCH_QUERIES"])
# topic: (Chinese titles, English titles, Chinese sentences, English sentences, labelled queries)
TOPICS = [
    (["登录失败怎么办", "无法登录系统", "账号登录报错"], ["Cannot log in", "Login fails with wrong password"],
     ["输入密码后提示登录失败", "账号被锁定无法登录"], ["the login page rejects the password", "account locked after failed logins"],
     ["无法登录", "登录不了", "cannot login", "login failed 登录"]),
    (["如何重置密码", "忘记密码"], ["Resetting a forgotten password", "How to reset your password"],
     ["点击忘记密码并查收重置邮件", "密码重置链接过期"], ["click forgot password and open the reset email", "the reset link expired"],
     ["忘记密码", "reset password", "password reset link"]),
    (["发票金额不正确", "发票开具错误"], ["Invoice amount is wrong", "Correcting an invoice"],
     ["发票金额与合同不一致", "需要重新开具发票"], ["the invoice total differs from the contract", "issue a credit note"],
     ["发票金额错误", "wrong invoice amount", "invoice 发票 不对"]),
    (["VPN 连接失败", "VPN 频繁断开"], ["VPN does not connect", "VPN keeps disconnecting"],
     ["检查防火墙端口", "重启 VPN 客户端"], ["check the firewall ports", "restart the VPN client"],
     ["VPN连不上", "vpn disconnects", "VPN 断开"]),
    (["报表导出 Excel", "导出报表失败"], ["Exporting reports to Excel", "Report export fails"],
     ["选择导出并勾选字段", "大报表通过邮件发送"], ["choose export and pick the columns", "large exports are emailed"],
     ["导出excel", "export report to excel", "报表导出"]),
    (["打印机无法打印", "标签打印空白"], ["Printer does not print", "Label printer prints blank labels"],
     ["校准标签间隙传感器", "检查打印机驱动"], ["calibrate the gap sensor", "check the printer driver"],
     ["打印机打印空白", "printer blank labels", "label printing"]),
    (["邮件收不到", "系统邮件发送失败"], ["Emails are not received", "Outgoing mail fails"],
     ["检查发件服务器设置", "邮件进入垃圾箱"], ["check the outgoing mail server", "mail lands in the spam folder"],
     ["收不到邮件", "emails not received", "outgoing mail server"]),
    (["系统运行缓慢", "页面加载很慢"], ["The system is slow", "Pages load slowly"],
     ["清理浏览器缓存", "检查网络带宽"], ["clear the browser cache", "check the network bandwidth"],
     ["系统很慢", "slow pages", "loading slowly"]),
    (["库存数量不准确", "库存盘点差异"], ["Stock quantities are wrong", "Inventory count differences"],
     ["执行库存盘点调整", "检查未过账的出库单"], ["run an inventory adjustment", "check unposted deliveries"],
     ["库存不准", "inventory count wrong", "stock quantity"]),
    (["如何添加新用户", "新增用户账号"], ["Adding a new user", "Creating user accounts"],
     ["在设置中邀请用户", "分配用户权限"], ["invite the user from settings", "assign access rights"],
     ["添加用户", "add new user", "create user account"]),
    (["权限不足无法访问", "访问被拒绝"], ["Access denied", "Missing access rights"],
     ["联系管理员分配权限", "检查用户组"], ["ask the administrator for access", "check the user groups"],
     ["没有权限", "access denied error", "权限 access"]),
    (["数据导入失败", "导入 CSV 报错"], ["Data import fails", "CSV import errors"],
     ["检查文件编码", "字段映射错误"], ["check the file encoding", "fix the column mapping"],
     ["导入失败", "csv import error", "import data"]),
    (["API 调用超时", "接口返回错误"], ["API calls time out", "API returns errors"],
     ["检查接口密钥", "降低请求频率"], ["check the API key", "reduce the request rate"],
     ["接口超时", "api timeout", "API 报错"]),
    (["手机应用闪退", "移动端无法同步"], ["Mobile app crashes", "Mobile app does not sync"],
     ["更新应用版本", "重新安装手机应用"], ["update the app", "reinstall the mobile app"],
     ["手机app闪退", "mobile app crash", "app sync"]),
    (["订阅续费", "如何续订服务"], ["Renewing a subscription", "Subscription renewal"],
     ["在订阅页面续费", "续费后生效时间"], ["renew from the subscription page", "when the renewal takes effect"],
     ["续费", "renew subscription", "订阅 renewal"]),
    (["数据备份与恢复", "如何恢复数据"], ["Backing up and restoring data", "Restoring a backup"],
     ["每天自动备份", "从备份恢复数据库"], ["daily automatic backups", "restore the database from a backup"],
     ["恢复数据", "restore backup", "数据备份"]),
    (["双重认证设置", "开启两步验证"], ["Setting up two-factor authentication", "Enabling 2FA"],
     ["扫描二维码绑定验证器", "丢失手机如何验证"], ["scan the QR code with an authenticator", "lost phone recovery codes"],
     ["两步验证", "two factor authentication", "2FA 验证"]),
    (["单点登录配置", "SSO 登录失败"], ["Configuring single sign-on", "SSO login fails"],
     ["配置身份提供商", "检查证书"], ["configure the identity provider", "check the certificate"],
     ["单点登录", "single sign-on setup", "SSO"]),
    (["工资计算错误", "薪资单不正确"], ["Payroll computation is wrong", "Payslip errors"],
     ["检查考勤数据", "重新计算薪资"], ["check the attendance data", "recompute the payslips"],
     ["工资算错", "payroll wrong", "payslip error"]),
    (["采购订单审批", "采购单无法确认"], ["Purchase order approval", "Cannot confirm a purchase order"],
     ["设置审批金额", "检查供应商信息"], ["set the approval threshold", "check the vendor details"],
     ["采购审批", "purchase approval", "confirm purchase order"]),
    (["销售报价模板", "报价单格式"], ["Quotation templates", "Customising the quotation layout"],
     ["编辑报价模板", "添加公司标志"], ["edit the quotation template", "add the company logo"],
     ["报价模板", "quotation template", "报价单 layout"]),
    (["网站无法访问", "域名解析错误"], ["Website is down", "Domain name errors"],
     ["检查域名解析记录", "证书过期"], ["check the DNS records", "the certificate expired"],
     ["网站打不开", "website down", "DNS 域名"]),
    (["条码扫描枪不识别", "扫码失败"], ["Barcode scanner not recognised", "Scanning fails"],
     ["设置扫描枪为键盘模式", "检查条码格式"], ["set the scanner to keyboard mode", "check the barcode format"],
     ["扫码枪没反应", "barcode scanner", "scan barcode"]),
    (["会计期间关闭", "月结流程"], ["Closing an accounting period", "Month-end closing"],
     ["锁定会计日期", "核对银行对账"], ["set the lock date", "reconcile the bank statements"],
     ["月结", "month end closing", "lock date 会计"]),
    (["银行对账不平", "银行流水导入"], ["Bank reconciliation differences", "Importing bank statements"],
     ["导入银行对账单", "匹配付款"], ["import the bank statement", "match the payments"],
     ["银行对账", "bank reconciliation", "bank statement import"]),
    (["税率设置", "增值税配置"], ["Setting up taxes", "Configuring VAT"],
     ["创建税率", "设置默认税"], ["create the tax", "set the default taxes"],
     ["增值税", "vat setup", "tax 税率"]),
    (["多公司切换", "跨公司数据"], ["Switching between companies", "Multi-company data"],
     ["在右上角切换公司", "共享联系人"], ["switch company at the top right", "share contacts"],
     ["多公司", "multi company switch", "切换公司"]),
    (["语言切换为中文", "界面语言设置"], ["Changing the interface language", "Switching to Chinese"],
     ["在偏好设置中选择语言", "安装中文语言包"], ["choose the language in preferences", "install the Chinese language"],
     ["切换中文", "change language", "language 语言"]),
    (["日历同步", "会议提醒"], ["Calendar synchronisation", "Meeting reminders"],
     ["连接外部日历", "设置提醒时间"], ["connect the external calendar", "set the reminder time"],
     ["日历同步", "calendar sync", "meeting reminder"]),
    (["附件上传失败", "文件太大无法上传"], ["Attachment upload fails", "File too large to upload"],
     ["压缩文件后上传", "检查文件大小限制"], ["compress the file", "check the upload size limit"],
     ["上传附件失败", "upload attachment", "file too large"]),
]
MODULES_ZH = ["库存", "销售", "采购", "会计", "人事", "项目", "网站", "制造"]
MODULES_EN = ["Inventory", "Sales", "Purchase", "Accounting", "HR", "Project", "Website", "Manufacturing"]

Article = env["cs.knowledge.article"]
cr = env.cr
GENERATOR = "2"  # bump when the generated articles change: they are then made again
cr.execute("SELECT count(*) FROM cs_knowledge_article WHERE name LIKE '%%#B%%'")
existing = cr.fetchone()[0]
if env["ir.config_parameter"].get_param("cs_kb_bench.generator") != GENERATOR:
    cr.execute("DELETE FROM cs_knowledge_article WHERE name LIKE '%%#B%%'")
    env["ir.config_parameter"].set_param("cs_kb_bench.generator", GENERATOR)
    cr.commit()
    existing = 0
fill_seconds = 0.0
if existing < N:
    rng = random.Random(42)
    start = time.perf_counter()
    for offset in range(existing, N, 5000):
        names, bodies, topics = [], [], []
        for i in range(offset, min(offset + 5000, N)):
            t = i % len(TOPICS)
            zh_titles, en_titles, zh_lines, en_lines, _queries = TOPICS[t]
            other = TOPICS[rng.randrange(len(TOPICS))]
            if (i // len(TOPICS)) % 2:  # every topic in both languages
                name = f"{rng.choice(zh_titles)}（{rng.choice(MODULES_ZH)}）#B{i}"
                lines = zh_lines + [rng.choice(other[2])]
            else:
                name = f"{rng.choice(en_titles)} ({rng.choice(MODULES_EN)}) #B{i}"
                lines = en_lines + [rng.choice(other[3])]
            rng.shuffle(lines)
            names.append(name)
            bodies.append("<p>" + "</p><p>".join(lines) + "</p>")
            topics.append(t)
        cr.execute(SQL("""
            INSERT INTO cs_knowledge_article (name, body, state, active, is_sop, portal_published, is_public,
                   helpful_count, not_helpful_count, view_count, create_uid, write_uid, create_date, write_date)
            SELECT n, b, 'published', true, false, true, false, 0, 0, 0, 1, 1, now(), now()
              FROM unnest(%s::text[], %s::text[]) AS v(n, b)
            RETURNING id""", names, bodies))
        ids = [row[0] for row in cr.fetchall()]
        Article.browse(ids)._cs_update_search_vector()
        env.invalidate_all()
        cr.commit()
    cr.execute("ANALYZE cs_knowledge_article")
    cr.commit()
    fill_seconds = time.perf_counter() - start

if not Q:  # fill only
    print("BENCH {}")
    raise SystemExit
cr.execute("SELECT id, substring(name from '#B([0-9]+)$')::int FROM cs_knowledge_article WHERE name LIKE '%%#B%%'")
topic_of = {article_id: number % len(TOPICS) for article_id, number in cr.fetchall()}
labelled = [(query, t) for t, topic in enumerate(TOPICS) for query in topic[4]]
# warm-up: jieba's dictionary, PostgreSQL's caches
for query, _t in labelled[:20]:
    Article._cs_suggest(query, 3)
precision = []
for query, t in labelled:
    ids = Article._cs_suggest(query, 3).ids
    precision.append(knowledge.precision_at_k(ids, {i for i in ids if topic_of.get(i) == t}, 3))
rng = random.Random(7)
workload = [rng.choice(labelled)[0] for _ in range(Q)]
latencies = []
for query in workload:
    start = time.perf_counter()
    Article._cs_suggest(query, 5)
    latencies.append((time.perf_counter() - start) * 1000)
sizes = {}
for index in ("cs_knowledge_article_search_vector_idx", "cs_knowledge_article_name_trgm_idx"):
    cr.execute("SELECT pg_relation_size(%s::regclass)", [index])
    sizes[index] = cr.fetchone()[0]
cr.execute("SELECT pg_total_relation_size('cs_knowledge_article'), count(*) FROM cs_knowledge_article")
table_size, articles = cr.fetchone()
query = Article._search([("state", "=", "published")])
cr.execute(SQL("EXPLAIN ANALYZE SELECT id, ts_rank(search_vector, q, 1) FROM cs_knowledge_article, to_tsquery('english', %s) q "
               "WHERE search_vector @@ q AND state = 'published' ORDER BY 2 DESC LIMIT 5",
               knowledge.grouped_tsquery_text(knowledge.query_tokens("无法登录"))))
plan = [row[0] for row in cr.fetchall()]
print("BENCH " + json.dumps({
    "articles": articles, "fill_seconds": fill_seconds, "queries": len(workload),
    "p50_ms": knowledge.percentile(latencies, 50), "p95_ms": knowledge.percentile(latencies, 95),
    "max_ms": max(latencies), "sizes": sizes, "table_size": table_size,
    "labelled": len(labelled), "precision_at_3": sum(precision) / len(precision), "plan": plan,
}))
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--queries", type=int, default=1000)
    options = parser.parse_args()
    prepare_database(DATABASE)
    # first run (or new generator): fill only, then compact the table as a long-lived one would be
    run_in_shell(DATABASE, SCRIPT, BENCH_ARTICLES=options.articles, BENCH_QUERIES=0)
    subprocess.run(["psql", "-q", "-d", DATABASE, "-c", "VACUUM FULL ANALYZE cs_knowledge_article"], check=True)
    row = run_in_shell(DATABASE, SCRIPT, BENCH_ARTICLES=options.articles, BENCH_QUERIES=options.queries)
    mib = 1024 * 1024
    print(f"== _cs_suggest over {row['articles']} articles (filled in {row['fill_seconds']:.0f} s this run)")
    print(f"latency over {row['queries']} queries: p50 {row['p50_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms, "
          f"max {row['max_ms']:.1f} ms (target p95 < 50 ms)")
    for index, size in row["sizes"].items():
        print(f"index {index}: {size / mib:.1f} MiB")
    print(f"table with indexes and TOAST: {row['table_size'] / mib:.1f} MiB")
    print(f"precision@3 on {row['labelled']} labelled queries: {row['precision_at_3']:.3f}")
    print_query_plan("the full-text query for 无法登录", row["plan"])


if __name__ == "__main__":
    main()
