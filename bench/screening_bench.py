"""Throughput and latency of the content screener on one core, with better-profanity beside it.

Run: .venv/bin/python bench/screening_bench.py [--items 100000] [--reference-items N]

Builds a fixed corpus (seeded) of forum-length texts, 50 to 400 characters, in Vietnamese,
Chinese and English in equal shares, composed from a bank of ordinary school sentences; about
7 % of the texts carry one harmful sentence (insults, threats, scams, phone numbers, written
plainly or disguised). The process is pinned to one core. Every text is screened once after a
warm-up; the figures are items per second over the whole run and the latency per item.
better-profanity (English word list only) screens the same corpus as a reference point; it is
about 250 times slower (100,000 texts would take over an hour), so by default it screens the
first 5,000 texts of the same corpus; `--reference-items 0` runs it over all of them.
No database and no Django settings are needed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from digicampus.safety.screening import PUBLISH, screen

SEED = 20261123

ORDINARY = {
    "vi": [
        "Hôm nay lớp mình học bài Ngữ văn về truyện ngắn Lão Hạc.",
        "Con đi ngủ sớm nhé mẹ, mai con có bài kiểm tra Toán.",
        "Mẹ ơi mua giúp con cái thước kẻ và hai cây bút chì.",
        "Cô giáo dặn các em đọc trước bài 5 môn Vật lý.",
        "Chiều nay đội bóng lớp mình đá với lớp 9A, ai đi cổ vũ không?",
        "Bạn Nam hát hay quá, cả lớp vỗ tay mãi.",
        "Tớ để quên áo khoác ở phòng học, ai thấy thì chỉ giúp nhé.",
        "Bố ơi chiều đón con lúc 5 giờ ở cổng sau nhé.",
        "Bài kiểm tra 15 phút được 9 điểm, vui quá!",
        "Lớp mình quyên góp sách cũ cho các bạn vùng cao.",
        "Cảm ơn cô đã giúp con ôn tập suốt tuần qua.",
        "Thứ hai tuần sau nộp bài tập nhóm nhé cả lớp.",
        "Trời mưa to quá, các con nhớ mang áo mưa khi đi học.",
        "Em chưa hiểu câu 3 phần hình học, thầy giải thích lại được không ạ?",
        "Nhà trường tổ chức ngày hội đọc sách vào thứ bảy tuần này.",
        "Phụ huynh vui lòng ký sổ liên lạc trước thứ sáu.",
        "Ai có đề cương ôn thi học kì không cho mình xin với.",
        "Ngày mai lớp mình đi tham quan bảo tàng lịch sử.",
        "Câu lạc bộ tiếng Anh họp lúc 4 giờ chiều ở phòng 204.",
        "Chúc mừng sinh nhật cậu, chúc cậu luôn vui vẻ và học giỏi.",
        "di hoc nho mang theo may tinh cam tay nha moi nguoi",
        "hom nay co giao cho nghi tiet cuoi, vui qua",
        "Em xin phép cô cho em nghỉ học hôm nay vì em bị sốt.",
        "Lớp 8A2 đạt giải nhì hội thi văn nghệ toàn trường.",
    ],
    "zh": [
        "今天数学课讲了一元二次方程，作业是练习册第十二页。",
        "老师，明天要带什么课本？",
        "我们班下周去博物馆参观，记得带学生证。",
        "妈妈说周末带我去公园放风筝。",
        "这道题我不会做，谁能帮我讲一下？",
        "运动会上我们班得了接力赛第一名。",
        "请家长在作业本上签字，明天交给班长。",
        "图书馆新到了很多科学书，大家可以去借。",
        "下雨了，大家放学记得带伞。",
        "同学们，明天早上七点半在操场集合。",
        "我的铅笔盒找不到了，谁看见了吗？",
        "周五有英语听写，大家好好复习单词。",
        "谢谢老师的耐心讲解，我终于听懂了。",
        "班长组织大家打扫教室和走廊。",
        "这本书的主人公很勇敢，我很喜欢。",
        "校园里的樱花开了，真漂亮。",
        "生日快乐，祝你天天开心，学习进步！",
        "今天的作业很简单，半个小时就写完了。",
        "明天体育课测试八百米，大家早点睡。",
        "家长会定在本周四下午三点，请准时参加。",
        "小组作业的分工我已经发到群里了。",
        "期中考试的成绩下周一公布。",
    ],
    "en": [
        "Can someone send me the notes from today's biology class?",
        "I finished my science project on volcanoes last night.",
        "Great game today, the team played really well.",
        "Don't forget the field trip permission slip by Friday.",
        "My mom is picking me up at 4 after practice.",
        "Who wants to study together for the history test?",
        "The library is closed on Friday for inventory.",
        "Thanks for helping me with the math homework, it finally makes sense.",
        "We have a fire drill tomorrow morning during second period.",
        "Reminder: bring your calculator to the exam on Monday.",
        "Our class is collecting canned food for the shelter this month.",
        "Happy birthday Sarah, hope you have a great day!",
        "The school play is next Thursday at 7pm in the main hall.",
        "I think the answer to question 4 is 12, but I'm not sure.",
        "Let's meet at the library after school to work on the project.",
        "Mr. Brown said the essay is due on Monday, 800 words.",
        "This homework is killing me lol, so many problems.",
        "Who is the main character in chapter 3?",
        "Sorry I missed class, I had a dentist appointment.",
        "Congratulations on making the team, well deserved!",
        "The cafeteria is serving tacos today.",
        "Please check the class schedule for the new room numbers.",
    ],
}
HARMFUL = {
    "vi": [
        "mày là thằng ngu nhất cái lớp này",
        "đm thằng lớp trưởng, ghi tên tao vào sổ",
        "tao sẽ đập chết mày sau giờ học",
        "em không muốn sống nữa, mọi thứ thật vô nghĩa",
        "ai muốn mua thuốc lắc thì nhắn mình",
        "chơi tài xỉu online kiếm tiền nhanh lắm",
        "gọi cho tớ 0912 345 678 nhé",
        "m.à.y n-g-u vcl",
    ],
    "zh": [
        "你就是个废物，滚出我们班",
        "我要杀了你全家",
        "我真的不想活了，活着好累",
        "加我微信买冰毒",
        "你是沙比吗",
        "草泥马，烦死了",
        "我手机号 13812345678 加我",
        "恭喜中奖，请先转账手续费",
    ],
    "en": [
        "you are such a worthless idiot",
        "i'm going to stab you tomorrow",
        "i want to die, nobody cares about me",
        "who wants to buy some weed",
        "f.u.c.k you and your stupid team",
        "send me nudes or i'll tell everyone",
        "my number is (555) 123-4567, text me",
        "you won a free gift card, pay the small fee",
    ],
}


def corpus(items: int, seed: int = SEED, harmful_share: float = 0.07) -> list[str]:
    """A reproducible corpus of forum-length texts (whole sentences, 50 to 400 characters)."""
    rng = random.Random(seed)
    texts = []
    for index in range(items):
        language = ("vi", "zh", "en")[index % 3]
        target = rng.randint(50, 400)
        parts = [rng.choice(ORDINARY[language])]
        while True:
            candidate = rng.choice(ORDINARY[language])
            if sum(len(p) + 1 for p in parts) + len(candidate) > target:
                break
            parts.append(candidate)
        if rng.random() < harmful_share:
            harmful = rng.choice(HARMFUL[language])
            parts[rng.randrange(len(parts))] = harmful
        text = " ".join(parts)
        while len(text) < 50:
            text = f"{text} {rng.choice(ORDINARY[language])}"
        texts.append(text)
    return texts


def measure(check: Callable[[str], object], texts: list[str]) -> dict[str, float]:
    """Items per second and latency percentiles (milliseconds) of one screening function."""
    for text in texts[:200]:
        check(text)
    latencies = []
    clock = time.perf_counter
    started = clock()
    for text in texts:
        before = clock()
        check(text)
        latencies.append(clock() - before)
    elapsed = clock() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "items": len(texts),
        "seconds": elapsed,
        "items_per_second": len(texts) / elapsed,
        "p50_ms": percentile(0.50),
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "mean_ms": statistics.fmean(latencies) * 1000,
    }


def _report(name: str, figures: dict[str, float]) -> None:
    print(
        f"{name:<22}{figures['items']:>9,.0f} items {figures['seconds']:>8.1f} s "
        f"{figures['items_per_second']:>10,.0f} items/s   p50 {figures['p50_ms']:.3f} ms   "
        f"p95 {figures['p95_ms']:.3f} ms   p99 {figures['p99_ms']:.3f} ms"
    )


def main() -> None:
    """Build the corpus, pin to core 0, measure both screeners, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reference-items", type=int, default=5_000)
    options = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    texts = corpus(options.items)
    lengths = [len(t) for t in texts]
    print(
        f"corpus: {len(texts):,} texts, {min(lengths)}-{max(lengths)} characters "
        f"(mean {statistics.fmean(lengths):.0f}), seed {SEED}, pinned to core 0"
    )

    started = time.perf_counter()
    screen("warm-up")
    print(
        f"first call (reads lexicons, builds the automaton): {time.perf_counter() - started:.2f} s"
    )
    ours = measure(screen, texts)
    flagged = sum(screen(t).decision != PUBLISH for t in texts)
    _report("digicampus screen()", ours)
    print(f"  texts not published: {flagged:,} ({flagged / len(texts):.1%})")

    from better_profanity import profanity

    profanity.load_censor_words()
    reference = texts[: options.reference_items] if options.reference_items else texts
    theirs = measure(profanity.contains_profanity, reference)
    _report("better-profanity", theirs)


if __name__ == "__main__":
    main()
