#!/usr/bin/env python3
"""Write ``triage_tickets.jsonl``: labelled after-sales tickets of a
project-management software vendor ("TaskFlow"), Chinese, English and mixed.

Deterministic (fixed seed). Each ticket is assembled from hand-written
phrase templates: an opener, the problem (per category, many wordings and
slot fillers), context, the urgency cue and a closing, with the customer's
mood. Categories share vocabulary on purpose (export in reports and in data
import/export, permissions and login, "after the update" everywhere), about
6 % of tickets are vague or filed under a neighbouring category, and team and
priority follow the content with exceptions, as in a real helpdesk.

Each line: ``id, subject, description, language (zh/en/mixed), category,
team, priority ("0".."3")``, and for about 40 % of tickets a follow-up
``message`` from the customer with its ``sentiment`` label
(very_negative … very_positive), labelled by the mood it was written in.

    python3 bench/data/make_triage_tickets.py [count]
"""

import json
import random
import sys
from pathlib import Path

SEED = 20261129
OUT = Path(__file__).resolve().parent / "triage_tickets.jsonl"

TEAMS = {
    "tech": "Technical Support",
    "integration": "Integrations & Data",
    "accounts": "Accounts & Billing",
}

# category: (team, base priority, zh problems, en problems, mixed problems)
CATEGORIES = {
    "Login & SSO": ("tech", 2, [
        "登录不了系统，一直提示密码错误", "单点登录跳转后回到登录页", "企业微信扫码登录失败", "重置密码的邮件收不到",
        "账号被锁定了，无法登录", "两步验证的验证码一直不对", "{n}个同事早上都登录不上", "登录页面转圈很久然后超时",
        "钉钉登录提示无效的回调地址", "新员工激活链接打开说已过期",
    ], [
        "cannot log in, it keeps saying the password is wrong", "SSO redirect sends us back to the login page",
        "password reset email never arrives", "account locked after three attempts",
        "two-factor code is always rejected", "{n} colleagues cannot sign in this morning",
        "login page spins and then times out", "activation link for new hires says it has expired",
        "SAML assertion rejected after we rotated the certificate", "Google sign-in button does nothing",
    ], [
        "SSO 登录后又跳回 login 页面", "Okta 配置好了但是 SAML 一直报 invalid signature", "2FA 验证码不对，登录不了",
        "reset password 邮件收不到", "Azure AD 同步的账号无法登录",
    ]),
    "Billing & Licenses": ("accounts", 1, [
        "发票抬头开错了，需要重开", "续费后席位数没有增加", "扣款了两次，请核实", "想把年付改成月付",
        "增值税专用发票什么时候能开", "试用期到期后数据会不会删除", "报价单上的单价和合同不一致", "需要增加{n}个许可证",
        "对公转账已经付款但是账号还是欠费状态", "合同到期前能否申请折扣",
    ], [
        "invoice shows the wrong company name", "we renewed but the seat count did not increase",
        "we were charged twice this month", "how do we switch from annual to monthly billing",
        "need {n} additional licenses for the new team", "the quote does not match the contract price",
        "bank transfer paid but the account still shows overdue", "can we get a receipt with our VAT number",
        "what happens to our data when the trial ends", "please cancel the auto-renewal",
    ], [
        "invoice 上的公司名称错了", "续费后 seats 没有增加", "license 数量不够，需要再买{n}个",
        "信用卡 charged twice，请退款", "想从 annual plan 换成 monthly",
    ]),
    "Gantt & Scheduling": ("tech", 1, [
        "甘特图里的任务依赖关系显示错乱", "拖动甘特图的任务条后日期没有保存", "里程碑在甘特图上不显示",
        "关键路径计算不对", "节假日没有从工期里扣除", "甘特图缩放到月视图时卡住", "子任务的开始日期早于父任务",
        "资源负载图显示的工时不对", "基线对比功能找不到", "任务排期自动顺延不生效",
    ], [
        "task dependencies look scrambled in the Gantt view", "dragging a bar in the Gantt chart does not save the date",
        "milestones are missing from the timeline", "critical path is calculated wrong",
        "holidays are not excluded from task durations", "Gantt freezes when zoomed to month view",
        "subtasks start before their parent task", "resource workload shows the wrong hours",
        "cannot find the baseline comparison", "auto-scheduling does not push the successors",
    ], [
        "Gantt 图上依赖关系乱了", "拖动 timeline 上的任务后 due date 没保存", "milestone 在 Gantt 里不显示",
        "critical path 算得不对", "workload 视图的工时不准",
    ]),
    "Reports & Dashboards": ("tech", 1, [
        "项目报表的数据和看板对不上", "仪表盘加载不出来", "导出的报表里中文是乱码", "燃尽图最近一周没有更新",
        "自定义报表不能按部门筛选", "工时统计报表少了几个人", "定时发送的周报没有收到", "图表的颜色无法修改",
        "报表导出PDF排版错位", "项目进度百分比计算有误",
    ], [
        "project report numbers do not match the board", "dashboard will not load",
        "exported report shows garbled characters", "burndown chart stopped updating last week",
        "custom report cannot be filtered by department", "timesheet report is missing people",
        "scheduled weekly report email never arrived", "cannot change chart colours",
        "PDF export of the report has a broken layout", "project progress percentage is wrong",
    ], [
        "dashboard 一直 loading 出不来", "burndown chart 不更新了", "report 导出 PDF 排版乱了",
        "timesheet 报表少了几个人", "weekly report 邮件没收到",
    ]),
    "Integrations & API": ("integration", 2, [
        "开放接口返回401", "Webhook回调没有触发", "和飞书的集成同步中断了", "接口调用频率被限制了",
        "钉钉审批同步到任务失败", "Jira双向同步重复创建任务", "GitLab提交没有关联到任务", "接口文档里的字段和实际返回不一致",
        "企业微信消息推送不到群里", "API令牌过期后无法刷新",
    ], [
        "REST API returns 401 with a valid token", "webhook callbacks stopped firing",
        "Slack integration stopped posting updates", "we are hitting the API rate limit",
        "Jira two-way sync creates duplicate tasks", "GitHub commits are not linked to tasks",
        "API docs do not match the actual response fields", "cannot refresh the OAuth token",
        "Zapier trigger for new tasks does not fire", "Salesforce connector sync fails every night",
    ], [
        "webhook 回调不触发了", "API 返回 401 但是 token 是对的", "Jira sync 重复创建 task",
        "飞书 integration 同步失败", "rate limit 太低了，接口经常 429",
    ]),
    "Data Import & Export": ("integration", 1, [
        "Excel导入任务时提示格式错误", "从旧系统迁移数据丢了附件", "导出全部项目数据太慢", "CSV导入后日期变成了乱数字",
        "批量导入成员失败", "想把历史项目整体导出备份", "导入模板下载不了", "导入时自定义字段没有对应上",
        "导出的Excel少了子任务", "数据迁移后负责人都变成了管理员",
    ], [
        "Excel import says the format is invalid", "attachments went missing when migrating from the old tool",
        "exporting all project data takes forever", "CSV import turns dates into numbers",
        "bulk member import fails", "we want a full export of archived projects",
        "cannot download the import template", "custom fields are not mapped on import",
        "exported spreadsheet is missing subtasks", "after migration every assignee became the admin",
    ], [
        "Excel import 提示 format 错误", "CSV 导入后日期乱了", "从 Trello 迁移过来附件丢了",
        "export 全部数据很慢", "custom field 导入没有 mapping 上",
    ]),
    "Performance": ("tech", 2, [
        "系统打开非常慢", "任务列表加载要半分钟", "保存任务时经常超时", "高峰期页面很卡", "看板拖动卡顿严重",
        "搜索结果出来很慢", "附件上传速度很慢", "周一早上系统几乎用不了", "打开大项目浏览器直接崩溃", "接口响应时间超过十秒",
    ], [
        "the whole app is very slow", "task list takes thirty seconds to load", "saving a task often times out",
        "pages lag at peak hours", "dragging cards on the board stutters badly", "search is extremely slow",
        "file uploads crawl", "the system is almost unusable on Monday mornings",
        "opening a large project crashes the browser", "response times are above ten seconds",
    ], [
        "系统很慢，page load 要半分钟", "board 拖动很卡", "保存 task 经常 timeout", "大项目打开 browser 就崩了",
        "search 很慢",
    ]),
    "Mobile & Notifications": ("tech", 1, [
        "手机APP收不到推送", "安卓版APP闪退", "邮件提醒太多了想关掉一部分", "任务到期没有提醒", "iOS版本更新后打不开",
        "APP里看不到附件", "@我的消息没有通知", "手机端不能切换团队", "日报提醒时间不对", "消息通知延迟一个小时",
    ], [
        "no push notifications on the mobile app", "Android app crashes on launch", "too many email notifications",
        "no reminder when a task is due", "iOS app will not open after the update",
        "cannot view attachments in the app", "mentions do not trigger a notification",
        "cannot switch workspace on mobile", "daily digest arrives at the wrong time", "notifications are an hour late",
    ], [
        "iOS app 更新后打不开", "push 通知收不到", "@mention 没有提醒", "Android 版闪退", "email notification 太多了",
    ]),
    "Permissions & Roles": ("accounts", 1, [
        "成员看不到自己所在项目", "外部协作者能看到所有项目", "管理员权限无法转让", "自定义角色保存不了",
        "离职员工的任务怎么转交", "访客不能评论", "部门负责人看不到下属的工时", "项目归档后成员还能编辑",
        "权限设置后不生效", "新建的角色没有导出权限",
    ], [
        "members cannot see their own project", "external guests can see every project",
        "cannot transfer the admin role", "custom role will not save", "how to reassign tasks of a leaver",
        "guests cannot comment", "department heads cannot see their team's timesheets",
        "archived project is still editable", "permission changes do not take effect",
        "new role has no export permission",
    ], [
        "guest 能看到所有 project", "admin 权限转不了", "custom role 保存不了", "permission 改了不生效",
        "离职员工的 task 怎么转给别人",
    ]),
    "How-to & Training": ("accounts", 0, [
        "如何设置项目模板", "想了解一下看板的泳道怎么用", "能否安排一次产品培训", "怎么批量修改任务负责人",
        "工时填报有没有最佳实践", "如何设置任务的重复规则", "有没有操作手册", "新管理员上手需要注意什么",
        "怎样给项目设置预算", "如何创建跨项目的视图",
    ], [
        "how do I set up a project template", "how do swimlanes on the board work",
        "could you arrange a training session", "how to change the assignee of many tasks at once",
        "best practice for logging time", "how to make a task repeat every week", "is there a user manual",
        "what should a new admin know", "how to set a budget on a project", "how to build a cross-project view",
    ], [
        "怎么设置 project template", "board 的 swimlane 怎么用", "能安排一次 training 吗",
        "如何 batch 修改 assignee", "recurring task 怎么设置",
    ]),
}

OPENERS_ZH = ["你好，", "您好，", "", "麻烦看一下，", "客服你好，", "紧急！", "各位好，", ""]
OPENERS_EN = ["Hi,", "Hello team,", "", "Hi support,", "Good morning,", "Hey,", "Dear support,", ""]
CONTEXT_ZH = ["升级到最新版本之后", "从昨天开始", "今天上午", "最近一周", "切换到新的工作区以后", "", "", "在Chrome浏览器里",
              "用管理员账号操作时", "不止一个项目"]
CONTEXT_EN = ["since the latest update", "since yesterday", "this morning", "for about a week",
              "after we moved to the new workspace", "", "", "in Chrome", "when logged in as admin",
              "on more than one project"]
URGENT_ZH = ["全公司都受影响了", "明天就要给客户演示", "生产环境，非常紧急", "影响了整个团队的交付", "今天必须解决"]
URGENT_EN = ["the whole company is affected", "we have a client demo tomorrow", "this is production, urgent",
             "the whole team is blocked", "we need this fixed today"]
CALM_ZH = ["不着急，有空回复就行", "方便的时候看一下", "不影响使用", "只是问一下"]
CALM_EN = ["no rush", "whenever you have time", "not blocking us", "just curious"]
CLOSE_ZH = ["谢谢", "辛苦了", "", "请尽快处理", "附件是截图", "", "等你们回复"]
CLOSE_EN = ["Thanks", "Regards", "", "Please advise", "Screenshot attached", "", "Looking forward to your reply"]
VAGUE_ZH = ["系统有问题，请帮忙看一下", "用不了了", "出错了，请处理", "有个问题想咨询", "这个功能不对"]
VAGUE_EN = ["something is wrong, please check", "it does not work", "we got an error", "quick question",
            "this feature is not right"]

# Follow-up customer messages by mood.
MESSAGES = {
    "very_negative": {
        "zh": ["你们的系统又崩了，太让人失望了，再这样我们就不续约了", "已经第三次了，还是没人管，我们非常不满意，要投诉",
               "太离谱了，整个团队一上午都用不了，损失谁负责", "实在受不了了，问题拖了一周没人解决，考虑换一家",
               "服务太差了，每次都敷衍我们，气死了", "又挂了！！！我们明天就要交付，你们到底有没有人在处理"],
        "en": ["Your system crashed again. This is unacceptable and we will not renew.",
               "Third time this month, nobody answers. We are furious and escalating this.",
               "This is ridiculous, the whole team lost a morning. Worst support we've had.",
               "Fed up with this. A week and still broken, we are looking at alternatives.",
               "Absolutely terrible. Every reply is a copy-paste, nobody actually reads our tickets!!!"],
        "mixed": ["又崩了，this is unacceptable，我们考虑不续约了", "third time 了，还是没人管，太失望了",
                  "整个 team 一上午都用不了，worst support ever"],
    },
    "negative": {
        "zh": ["问题还是没有解决，有点着急", "等了两天还没有回复，麻烦快一点", "这个bug挺影响使用的，希望尽快修复",
               "按你们说的操作了还是不行", "更新以后反而更慢了，有点失望", "客服回复太慢了"],
        "en": ["Still not fixed, and it is getting frustrating.", "Two days without an answer, please hurry up.",
               "This bug is really slowing us down, disappointing.", "Tried your steps, still failing.",
               "It got slower after the update, not happy about it."],
        "mixed": ["按你们的 steps 操作了还是不行", "still not fixed，有点着急了", "update 以后更慢了，有点失望"],
    },
    "neutral": {
        "zh": ["补充一下，我们用的是Chrome 120", "截图已经上传了，请查收", "请问这个问题现在的进度如何", "账号是管理员账号",
               "我们的工作区ID是{n}", "好的，我明天再试一下"],
        "en": ["Adding details: we use Chrome 120.", "I have uploaded the screenshots.", "Any update on this?",
               "The account is an admin account.", "Our workspace ID is {n}.", "OK, I will try again tomorrow."],
        "mixed": ["workspace ID 是 {n}", "截图已经 upload 了", "请问有 update 吗"],
    },
    "positive": {
        "zh": ["好的，谢谢，现在可以了", "收到，感谢回复", "问题解决了，谢谢你们", "明白了，按这个方法可以用",
               "谢谢耐心解答"],
        "en": ["OK thanks, it works now.", "Got it, thanks for the reply.", "That fixed it, thank you.",
               "Understood, the workaround works.", "Thanks for explaining."],
        "mixed": ["OK 了，谢谢", "workaround 可以用，感谢", "问题解决了，thanks"],
    },
    "very_positive": {
        "zh": ["太感谢了！响应非常及时，非常满意", "你们的服务太专业了，点赞", "非常感谢，解决得又快又好，给你们好评",
               "真的很给力，团队都很满意"],
        "en": ["Thank you so much, amazing support, really appreciate the quick fix!",
               "Awesome, you are a lifesaver. Great job!", "Fantastic service, the team is very happy. Thanks!",
               "Excellent, fixed within the hour. Love it!"],
        "mixed": ["太感谢了，amazing support！", "非常满意，great job！", "解决得又快又好，thank you so much！"],
    },
}
MOOD_WEIGHTS = [("very_negative", 14), ("negative", 22), ("neutral", 30), ("positive", 20), ("very_positive", 14)]


def fill(rng, text):
    return text.replace("{n}", str(rng.choice([3, 5, 8, 12, 20, 30, 50, 1024, 20817, 88231])))


def pick_language(rng):
    roll = rng.random()
    return "zh" if roll < 0.45 else "en" if roll < 0.80 else "mixed"


def priority_of(rng, base, urgent, calm):
    priority = base + (1 if urgent else 0) - (1 if calm else 0)
    roll = rng.random()
    if roll < 0.10:
        priority += 1
    elif roll < 0.20:
        priority -= 1
    return str(max(0, min(3, priority)))


def ticket(rng, index):
    names = list(CATEGORIES)
    category = rng.choice(names)
    team_key, base, zh, en, mixed = CATEGORIES[category]
    lang = pick_language(rng)
    urgent = rng.random() < 0.25
    calm = not urgent and rng.random() < 0.2
    vague = rng.random() < 0.04
    if lang == "zh":
        problem = fill(rng, rng.choice(zh))
        second = fill(rng, rng.choice(zh)) if rng.random() < 0.3 else ""
        context = rng.choice(CONTEXT_ZH)
        subject = problem if rng.random() < 0.6 else problem[: max(6, len(problem) // 2)]
        if vague:
            subject = rng.choice(VAGUE_ZH)
        body = "".join(filter(None, [
            rng.choice(OPENERS_ZH), context + "，" if context else "", problem, "。",
            second + "。" if second else "",
            rng.choice(URGENT_ZH) + "。" if urgent else "", rng.choice(CALM_ZH) + "。" if calm else "",
            rng.choice(CLOSE_ZH),
        ]))
    elif lang == "en":
        problem = fill(rng, rng.choice(en))
        second = fill(rng, rng.choice(en)) if rng.random() < 0.3 else ""
        context = rng.choice(CONTEXT_EN)
        subject = problem.capitalize() if rng.random() < 0.6 else " ".join(problem.split()[:5]).capitalize()
        if vague:
            subject = rng.choice(VAGUE_EN).capitalize()
        body = " ".join(filter(None, [
            rng.choice(OPENERS_EN), (problem[0].upper() + problem[1:]) + (f" {context}." if context else "."),
            (second[0].upper() + second[1:] + ".") if second else "",
            (rng.choice(URGENT_EN).capitalize() + ".") if urgent else "",
            (rng.choice(CALM_EN).capitalize() + ".") if calm else "", rng.choice(CLOSE_EN),
        ]))
    else:
        problem = fill(rng, rng.choice(mixed + zh[:3]))
        context = rng.choice(CONTEXT_ZH + ["after the update", "since yesterday"])
        subject = problem
        if vague:
            subject = rng.choice(VAGUE_ZH + VAGUE_EN)
        body = " ".join(filter(None, [
            rng.choice(OPENERS_ZH + OPENERS_EN), context, problem + "。",
            fill(rng, rng.choice(en)) + "." if rng.random() < 0.5 else "",
            rng.choice(URGENT_ZH + URGENT_EN) if urgent else "", rng.choice(CALM_EN) if calm else "",
            rng.choice(CLOSE_ZH + CLOSE_EN),
        ]))
    if vague:
        body = body.replace(problem, rng.choice(VAGUE_ZH if lang == "zh" else VAGUE_EN), 1) \
            if rng.random() < 0.5 else body
    # A few tickets are filed under a neighbouring category or team.
    if rng.random() < 0.03:
        category = rng.choice(names)
    if rng.random() < 0.08:
        team_key = rng.choice(list(TEAMS))
    record = {
        "id": index,
        "subject": subject,
        "description": f"<p>{body}</p>",
        "language": lang,
        "category": category,
        "team": TEAMS[team_key],
        "priority": priority_of(rng, base, urgent, calm),
    }
    if rng.random() < 0.4:
        mood = rng.choices([m for m, _w in MOOD_WEIGHTS], [w for _m, w in MOOD_WEIGHTS])[0]
        message_lang = lang
        record["message"] = fill(rng, rng.choice(MESSAGES[mood][message_lang]))
        record["message_language"] = message_lang
        record["sentiment"] = mood
    return record


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1200
    rng = random.Random(SEED)
    with OUT.open("w", encoding="utf-8") as out:
        for index in range(1, count + 1):
            out.write(json.dumps(ticket(rng, index), ensure_ascii=False) + "\n")
    print(f"{count} tickets written to {OUT}")


if __name__ == "__main__":
    main()
