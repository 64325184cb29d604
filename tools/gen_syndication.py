#!/usr/bin/env python3
"""Generates a syndication corpus with known parents, independent of tools/gen_sample.py.

    python3 tools/gen_syndication.py --seed 1 --out /root/x/synd1

writes corpus.jsonl (one JSON record per page), corpus-nodates.jsonl (the same
pages without `published`), gold_parents.tsv (parent<TAB>child, one line per
true derivation edge; a composite has two), gold_clusters.tsv (id<TAB>story)
and gold_kinds.tsv (id<TAB>kind<TAB>parents: how each page was made), and
prints statistics.

Why a second generator: the sample's generator and provenance's rules grew up
together, so they agree too easily. This one shares no code, outlets,
templates or edit model with it. Its roots are real wire text where it is
available (Reuters-21578 stories and COUNTER's Urdu agency stories, read from
../shared/data at run time and never written into the repository), plus a few
Russian, Chinese and Spanish stories written here. Each root becomes a tree:

  direct     a copy of the agency story with the copier's own edits
  chain      a copy of a copy, to depth 3; every intermediate makes its own
             changes (a new lead, trims from the bottom or the middle, a
             credit line, a title edit, typography and house spellings), so
             its copies carry them, unless they cut them
  composite  the first part of one story and the last part of another (two
             parents; it belongs to the story that gave it most)
  partial    an outlet's own report that took one or two paragraphs of a
             story: a parent across clusters, its own gold cluster
  rewrite    the story retold: sentences reordered and reworded, names and
             figures kept; its parent is the story it retells
  followup   a later report on the same people and topic that copies nothing:
             no parent, its own gold cluster
  saga       another real Reuters story on the same company (the same ticker
             in its title, 0 to 4 days later, sharing under 5% of its word
             5-grams with the root), as an outlet republished it: the same
             names and topic words with other facts; its own gold cluster

Outlets wrap pages in their own templates (a header, a footer, teasers of
their other pages) on about half of them; unrelated pages of one outlet share
only that. Times grow along every chain in several time zones; some outlets
give only a date. Output is a pure function of --seed and the data read.
Standard library only.
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------
# Outlets. Agencies publish roots; copiers copy. Names are invented except the
# agencies, whose names are real credit strings.
# ---------------------------------------------------------------------------

AGENCY = {"en": "Reuters", "ur": "APP", "ru": "ТАСС", "zh": "新华社", "es": "EFE"}

# Credit lines a copy may add for its source, by language: {n} is the name.
CREDIT_FORMS = {
    "en": ["({n})", "- {n}", "Source: {n}", "according to {n}", "{n} reported."],
    "ur": ["({n})", "بشکریہ {n}", "{n} کے مطابق"],
    "ru": ["({n})", "Источник: «{n}»", "сообщает {n}"],
    "zh": ["（{n}）", "（来源：{n}）", "据{n}报道"],
    "es": ["({n})", "Fuente: {n}.", "informó {n}"],
}

COPIERS = {
    "en": ["Harbour Ledger", "Northgate Post", "Valley Courier", "Coastline Daily", "Metro Dispatch",
           "Prairie Sentinel", "Island Chronicle", "Capital Briefing", "Riverside Gazette", "Summit Times",
           "Lakeshore Record", "Frontline Digest"],
    "ur": ["روزنامہ صبح", "شام کی خبر", "آواز شہر", "قومی منظر", "سرحد ٹائمز"],
    "ru": ["Вечерний Курьер", "Северная Газета", "Городские Вести", "Балтийский Обзор"],
    "zh": ["东方快报", "南城日报", "北岸新闻网", "西湖时报"],
    "es": ["Diario del Sur", "El Mirador", "La Voz del Puerto", "Crónica Andina"],
}

ZONES = [dt.timezone.utc, dt.timezone(dt.timedelta(hours=5)), dt.timezone(dt.timedelta(hours=-4)),
         dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=3)),
         dt.timezone(dt.timedelta(hours=1))]

# Page furniture in each language: a header, a footer and the teaser heading.
FURNITURE = {
    "en": ("{o} | Home | World | Business | Sport | Opinion | Subscribe",
           "Copyright {o}. All rights reserved. Follow {o} for more updates.", "More from {o}:"),
    "ur": ("{o} | صفحہ اول | پاکستان | کھیل | کاروبار", "جملہ حقوق محفوظ ہیں {o}", "{o} کی مزید خبریں:"),
    "ru": ("{o} | Главная | Политика | Экономика | Спорт", "Все права защищены {o}. Подписывайтесь на нас.",
           "Читайте также в {o}:"),
    "zh": ("{o} | 首页 | 国内 | 国际 | 财经 | 体育", "版权所有 {o} 未经授权禁止转载", "{o}更多新闻："),
    "es": ("{o} | Portada | Nacional | Economía | Deportes", "Todos los derechos reservados {o}.",
           "Más de {o}:"),
}

# New leads, filled per copy from its own random stream, so two copies
# rarely draw the same one.
LEADS = {
    "en": (["{c} {g} {v} {a} {n} on {d}.", "On {d}, {g} in {c} {v} {a} {n}.",
            "{a} {n} {w} among {g} of {c} by {d}.", "By {d} {a} {n} {w} in {c}, {g} said."],
           ["Halden", "Marlow", "Kestrel Bay", "Dunmore", "Ashford", "Corran", "Belvue", "Tarn"],
           ["mixed", "sharp", "cautious", "angry", "muted", "hopeful"],
           ["traders", "local officials", "analysts", "residents", "investors", "union leaders", "farmers"],
           ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
    "ur": (["{c} میں نمائندوں نے {d} کو بتایا کہ اس خبر پر {g} کی جانب سے {a} ردعمل سامنے آیا۔",
            "{d} کے روز {c} کے {g} نے اس پیش رفت کو {a} نظر سے دیکھا۔",
            "{c} سے موصولہ اطلاعات کے مطابق {g} میں {d} کو {a} فضا رہی۔"],
           ["ملتان", "سکھر", "گوادر", "ایبٹ آباد", "مردان"], ["ملا جلا", "سخت", "محتاط", "مثبت"],
           ["تاجروں", "شہریوں", "ماہرین", "کسانوں"], ["پیر", "منگل", "بدھ", "جمعرات", "جمعہ"]),
    "ru": (["Корреспонденты из города {c} в {d} сообщили, что новость вызвала {a} реакцию у {g}.",
            "В {d} в городе {c} эту новость {g} встретили {a} оценками.",
            "Как стало известно в {d}, среди {g} города {c} настроения {a}."],
           ["Тверь", "Псков", "Вологда", "Кострома", "Самара"], ["неоднозначную", "резкую", "сдержанную"],
           ["экспертов", "жителей", "инвесторов", "чиновников"], ["понедельник", "вторник", "среду", "четверг"]),
    "zh": (["{c}记者{d}报道，这一消息在{g}中引起了{a}反应。",
            "{d}，{c}的{g}对此事的看法{a}。",
            "据{c}方面{d}消息，{g}普遍持{a}态度。"],
           ["苏州", "宁波", "厦门", "昆明", "洛阳"], ["强烈", "复杂", "谨慎", "积极"],
           ["市民", "业内人士", "投资者", "专家"], ["周一", "周二", "周三", "周四", "周五"]),
    "es": (["Corresponsales en {c} dijeron el {d} que la noticia provocó reacciones {a} entre {g}.",
            "En {c}, {g} recibieron el {d} la noticia con opiniones {a}.",
            "El {d} la información llegó a {c}, donde {g} mostraron posturas {a}."],
           ["Cuenca", "Salta", "Arequipa", "Rosario", "Cádiz"], ["encontradas", "duras", "cautelosas"],
           ["los comerciantes", "los vecinos", "los analistas", "los inversores"],
           ["lunes", "martes", "miércoles", "jueves", "viernes"]),
}

# House spellings: an outlet applies its own throughout (its typography
# changes tokens, so its copies carry them: an intermediate's marks). Two
# outlets may share a house style, as in real feeds.
HOUSE = {
    "en": [("mln", "million"), ("pct", "percent"), ("dlrs", "dollars"), ("U.S.", "US"), ("billion", "bln"),
           ("Co ", "Company "), ("Inc", "Incorporated"), ("Corp", "Corporation")],
    "ur": [("حکومت", "سرکار"), ("فیصد", "%"), ("روپے", "روپیہ")],
    "ru": [("года", "г."), ("процентов", "%"), ("рублей", "руб.")],
    "zh": [("亿元", "亿人民币"), ("百分之", "％"), ("，", ",")],
    "es": [("millones", "mln"), ("por ciento", "%"), ("gobierno", "Gobierno")],
}

# Synonyms an editor swaps at a few places of its own choosing: two copies
# rarely touch the same place.
SYNONYMS = {
    "en": {"said": ["stated", "told reporters", "noted"], "company": ["firm", "group"], "rose": ["increased", "climbed"],
           "fell": ["declined", "dropped"], "expected": ["anticipated", "forecast"], "added": ["continued", "went on"],
           "year": ["twelve months"], "about": ["around", "roughly"], "also": ["as well"], "major": ["big", "leading"],
           "plans": ["intends"], "would": ["will"], "new": ["fresh"], "agreed": ["consented"]},
    "ur": {"کہا": ["بتایا", "کہا ہے"], "اعلان": ["اعلان عام"], "بڑی": ["بہت بڑی"], "ملک": ["وطن"], "کیا": ["کیا گیا"]},
    "ru": {"сообщил": ["заявил", "рассказал"], "сказал": ["отметил"], "около": ["примерно"], "также": ["кроме того"],
           "будет": ["станет"]},
    "zh": {"表示": ["称", "指出"], "今年": ["本年度"], "目前": ["当前"], "将": ["会"], "已经": ["已"]},
    "es": {"dijo": ["afirmó", "señaló"], "unos": ["alrededor de"], "también": ["asimismo"], "este": ["el"]},
}

TITLE_EDITS = {
    "en": ["UPDATE: {t}", "{t} - report", "{t}: what we know", "Breaking: {t}"],
    "ur": ["{t} - رپورٹ", "تازہ ترین: {t}"],
    "ru": ["{t} - сообщение", "Срочно: {t}"],
    "zh": ["{t}（更新）", "快讯：{t}"],
    "es": ["Última hora: {t}", "{t} - informe"],
}

# Stories written here for the scripts the real corpora lack.
BUILTIN = [
    ("ru", "ТАСС", "МОСКВА, 14 марта. /ТАСС/.",
     "Новый мост через Волгу откроют к осени",
     ["Строительство нового автомобильного моста через Волгу в районе Твери завершится к сентябрю, сообщил в "
      "четверг губернатор области Игорь Руденя. По его словам, на объекте работают более восьмисот человек.",
      "Длина моста составит 1,2 километра, по нему пройдут четыре полосы движения. Стоимость проекта оценивается "
      "в 14 миллиардов рублей, из которых девять выделил федеральный бюджет.",
      "«Мы опережаем график на два месяца, и подрядчик уверен, что успеет до холодов», — сказал губернатор "
      "журналистам после осмотра стройки.",
      "Старый мост, построенный в 1958 году, будет закрыт на капитальный ремонт сразу после запуска нового. "
      "Ремонт продлится около двух лет.",
      "Местные жители давно жаловались на пробки в часы пик: сейчас переправа через реку в центре города может "
      "занимать больше часа."]),
    ("ru", "ТАСС", "НОВОСИБИРСК, 2 апреля. /ТАСС/.",
     "В Новосибирске запустили первую линию электробусов",
     ["Первая линия электробусов начала работу в Новосибирске в среду, сообщили в мэрии города. На маршрут "
      "длиной 23 километра вышли двенадцать машин отечественного производства.",
      "Электробусы заряжаются на конечных станциях за двадцать минут и могут проехать до 250 километров без "
      "подзарядки. Проезд будет стоить столько же, сколько в обычном автобусе.",
      "«Это только начало: к 2027 году мы хотим перевести на электричество треть городского транспорта», — "
      "заявил мэр Анатолий Локоть на церемонии запуска.",
      "Испытания показали, что машины надёжно работают при морозе до минус сорока градусов, отметили в "
      "компании-производителе.",
      "Городской бюджет потратил на закупку 960 миллионов рублей, ещё часть средств выделил регион."]),
    ("zh", "新华社", "新华社北京3月9日电",
     "我国首条跨海高铁隧道全线贯通",
     ["记者9日从中国国家铁路集团有限公司获悉，我国首条跨海高铁隧道当天全线贯通，标志着这一重点工程进入铺轨阶段。"
      "隧道全长16.2公里，其中海域段长约10公里。",
      "据介绍，隧道最深处位于海平面以下88米，施工人员克服了高水压、软弱地层等多项技术难题。"
      "项目总投资约为150亿元。",
      "项目负责人王建国表示：“我们用了四年时间完成掘进，比原计划提前了半年。”他说，全线预计明年底开通运营。",
      "建成后，两地之间的通行时间将由现在的两个小时缩短至半小时左右，将极大方便沿线群众出行。",
      "专家认为，该工程积累的经验将为今后更多跨海通道建设提供重要参考。"]),
    ("zh", "新华社", "新华社广州5月20日电",
     "广东今年将新建五千座公共充电站",
     ["广东省发展改革委20日发布消息称，今年全省将新建公共充电站五千座、充电桩十万个，基本实现乡镇全覆盖。"
      "目前全省新能源汽车保有量已超过三百万辆。",
      "根据规划，新建充电站将优先布局在高速公路服务区、旅游景区和农村地区，解决群众充电难的问题。",
      "省发展改革委有关负责人表示，今年安排专项资金二十亿元支持充电设施建设，并鼓励社会资本参与。",
      "业内人士指出，充电设施不足仍是制约新能源汽车下乡的主要因素，此次大规模建设将有力推动消费。",
      "据统计，去年全省新能源汽车销量同比增长百分之四十五，连续八年位居全国第一。"]),
    ("es", "EFE", "Lima, 11 jun (EFE).-",
     "Perú inaugura su mayor planta de energía solar en el sur del país",
     ["El Gobierno de Perú inauguró este miércoles la mayor planta de energía solar del país en la región de "
      "Moquegua, con una capacidad de 300 megavatios, informó el Ministerio de Energía y Minas.",
      "La planta, que ocupa unas 600 hectáreas en pleno desierto, abastecerá a cerca de 450.000 hogares y "
      "evitará la emisión de 400.000 toneladas de dióxido de carbono al año.",
      "\"Es un paso decisivo para cambiar nuestra matriz energética\", dijo el ministro Rómulo Mucho durante la "
      "ceremonia, a la que asistieron autoridades regionales y representantes de la empresa constructora.",
      "La inversión ascendió a 330 millones de dólares y la obra generó unos 1.500 empleos durante su "
      "construcción, según datos oficiales.",
      "El ministerio prevé licitar otras cuatro plantas similares antes de que termine el año."]),
    ("es", "EFE", "Bogotá, 3 sep (EFE).-",
     "Colombia lanza un plan para recuperar el río Magdalena",
     ["El Gobierno de Colombia presentó este martes un plan de 2.000 millones de dólares para recuperar el río "
      "Magdalena, la principal arteria fluvial del país, anunció la Presidencia en un comunicado.",
      "El programa incluye el dragado de 250 kilómetros de cauce, la reforestación de sus orillas y la "
      "construcción de 40 plantas de tratamiento de aguas residuales en los municipios ribereños.",
      "\"El Magdalena no puede seguir siendo la cloaca del país\", afirmó la ministra de Ambiente, Susana "
      "Muhamad, en una rueda de prensa en Barranquilla.",
      "Según el Instituto de Hidrología, el río recibe cada año los desechos de más de 120 municipios y ha "
      "perdido buena parte de su capacidad de navegación.",
      "Las obras comenzarán en enero y se extenderán durante al menos seis años."]),
]


class Doc:
    def __init__(self, id_, lang, source, title, paras, when, kind, parents, story):
        self.id, self.lang, self.source, self.title = id_, lang, source, title
        self.paras = list(paras)  # the story text the page carries, before the template
        self.when, self.kind, self.parents, self.story = when, kind, list(parents), story
        self.date_only = False


def words_of(text):
    return re.findall(r"\w+", text.lower())


def shingles5(text):
    w = words_of(text)
    return {tuple(w[i:i + 5]) for i in range(max(0, len(w) - 4))}


def reuters_paras(d):
    """A Reuters-21578 record's paragraphs (its text breaks them with an indented line), spaces collapsed."""
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n {3,}", d.get("text", ""))]
    return [p for p in paras if p]


def reuters_roots(path, rng, want):
    """Prose Reuters stories of 4 to 9 paragraphs, none near another chosen one."""
    pool = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            paras = reuters_paras(d)
            if not (1000 < len(d.get("text", "")) < 3500 and 4 <= len(paras) <= 9):
                continue
            if any(len(p) < 60 for p in paras) or not d.get("title") or not d.get("published"):
                continue
            pool.append(d | {"paras": paras})
    rng.shuffle(pool)
    return pick_distinct(pool, want, lambda d: " ".join(d["paras"]))


def counter_roots(path, rng, want):
    """COUNTER agency stories, their sentences grouped two to a paragraph."""
    pool = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if str(d["id"]).endswith("p"):
                continue
            sents = [s.strip() for s in re.split(r"(?<=۔)", d.get("text", "")) if s.strip()]
            paras = [" ".join(sents[i:i + 2]) for i in range(0, len(sents), 2)]
            if 4 <= len(paras) <= 10 and d.get("title"):
                pool.append(d | {"paras": paras})
    rng.shuffle(pool)
    return pick_distinct(pool, want, lambda d: " ".join(d["paras"]))


def subjects(title):
    """What a Reuters title is about: its tickers, and its first two words."""
    words = title.split()
    return set(re.findall(r"<[A-Z][A-Z.]*>", title)) | ({" ".join(words[:2])} if len(words) >= 3 else set())


def reuters_sagas(path, roots, taken, rng):
    """For each root, the real Reuters stories on its subject (the same <TICKER>
    in the title, or the same first two title words: "WORLD BANK", "TREASURY'S
    BAKER", "IRAQ SAYS"), published within 4 days of it, that share under 5% of
    their word 5-grams with it: another story, not a copy. One per root, at
    most, chosen by `rng`."""
    by_ticker = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] in taken or not d.get("published") or not d.get("title"):
                continue
            paras = reuters_paras(d)
            if not (400 < len(d.get("text", "")) < 3500 and len(paras) >= 2):
                continue
            for t in subjects(d["title"]):
                by_ticker.setdefault(t, []).append(d | {"paras": paras})
    out = []
    for root in roots:
        when = parse_when(root["published"])
        s = shingles5(" ".join(root["paras"]))
        options = []
        for t in sorted(subjects(root["title"])):
            for d in by_ticker.get(t, []):
                days = abs((parse_when(d["published"]) - when).total_seconds()) / 86400.0
                other = shingles5(" ".join(d["paras"]))
                if days <= 4 and other and len(s & other) < 0.05 * min(len(s), len(other)):
                    options.append(d)
        if options:
            options = sorted({d["id"]: d for d in options}.values(), key=lambda d: d["id"])
            out.append((root, rng.choice(options)))
    return out


def pick_distinct(pool, want, text_of):
    # Formulaic wire items (earnings, tables) resemble each other: a second one
    # would be an unplanned near-duplicate, so a root must share < 5% with all.
    chosen, sets = [], []
    for d in pool:
        if len(chosen) >= want:
            break
        s = shingles5(text_of(d))
        if not s or any(len(s & t) > 0.05 * min(len(s), len(t)) for t in sets):
            continue
        chosen.append(d)
        sets.append(s)
    return chosen


class Generator:
    def __init__(self, seed, shared):
        self.seed = seed
        self.rng = random.Random(seed)
        self.docs = []
        self.shared = shared
        self.counter = 0

    def stream(self, *names):
        # Each decision has its own stream: one change does not reshuffle the rest.
        return random.Random("%d/%s" % (self.seed, "/".join(str(n) for n in names)))

    def new_id(self, outlet):
        self.counter += 1
        slug = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", outlet).lower())[:6] or "x"
        return "%s%04d" % (slug, self.counter)

    # --- edits ---------------------------------------------------------------

    def lead(self, lang, r):
        # Several forms, a slot every word or two: independent writers seldom share four words of a new
        # lead, and a generator whose leads do makes siblings agree by chance far more than real ones.
        forms, cities, adjs, groups, days = LEADS[lang]
        form = r.choice(forms) if isinstance(forms, list) else forms
        return form.format(c=r.choice(cities), a=r.choice(adjs), g=r.choice(groups), d=r.choice(days),
                           v=r.choice(["voiced", "showed", "expressed", "shared", "reported"]),
                           n=r.choice(["concern", "relief", "doubts", "support", "surprise", "anger"]),
                           w=r.choice(["spread", "grew", "emerged", "rose"]))

    def house_style(self, lang, outlet, paras):
        rules = self.stream("house", outlet).sample(HOUSE[lang], 2)
        for a, b in rules:
            paras = [x.replace(a, b) for x in paras]
        return paras

    def reword(self, lang, paras, r, places):
        """Swaps a synonym in at `places` word positions of its own choosing."""
        syn = SYNONYMS[lang]
        spots = []
        for i, p in enumerate(paras):
            for key in syn:
                for m in re.finditer(r"(?<!\w)%s(?!\w)" % re.escape(key), p):
                    spots.append((i, m.start(), key))
        out = list(paras)
        for i, at, key in sorted(r.sample(spots, min(places, len(spots))), key=lambda x: -x[1]):
            out[i] = out[i][:at] + r.choice(syn[key]) + out[i][at + len(key):]
        return out

    def credit(self, lang, name, r):
        return r.choice(CREDIT_FORMS[lang]).format(n=name)

    def edit_copy(self, parent, outlet, r, depth):
        """A copy's own changes: at least two of lead, trim, credit, title, typography."""
        lang = parent.lang
        paras, title = list(parent.paras), parent.title
        edits = r.sample(["lead", "trim", "credit", "title", "typo"], r.choice([2, 3, 3, 4]))
        if "trim" in edits and len(paras) > 3:
            if r.random() < 0.7:
                paras = paras[:len(paras) - r.choice([1, 1, 2])]
            else:
                del paras[r.randrange(1, len(paras) - 1)]
        if "typo" in edits:
            paras = self.reword(lang, self.house_style(lang, outlet, paras), r, r.randint(2, 6))
        if "title" in edits:
            title = r.choice(TITLE_EDITS[lang]).format(t=title.title() if lang == "en" else title)
        if "lead" in edits:
            paras = [self.lead(lang, r)] + paras
        if "credit" in edits:
            # A copy of a copy credits the outlet it copied or, as often, the agency.
            name = parent.source if depth > 1 and r.random() < 0.6 else AGENCY_OF[parent.story]
            line = self.credit(lang, name, r)
            if r.random() < 0.5:
                paras[-1] = paras[-1] + " " + line
            else:
                paras = paras + [line]
        return title, paras

    def rewrite(self, parent, r):
        """The story retold: sentences shuffled within paragraphs, half of them
        reworded, one dropped; names and figures stay."""
        lang = parent.lang
        out = []
        for p in parent.paras:
            sents = [s for s in re.split(r"(?<=[.!?۔。])\s*", p) if s.strip()]
            r.shuffle(sents)
            if len(sents) > 2:
                sents.pop(r.randrange(len(sents)))
            out.append(" ".join(sents))
        out = self.reword(lang, out, r, 40)
        if lang == "en":
            # Reword further: drop articles and swap clause order around "said".
            out = [re.sub(r"\b(the|a|an) ", "", x, flags=re.I) for x in out]
            out = [re.sub(r"^(.*?), (\w+(?: \w+)?) (said|stated)\.", r"\2 \3 \1.", x) for x in out]
        r.shuffle(out[1:]) if len(out) > 2 else None
        return out

    # --- pages ---------------------------------------------------------------

    def add(self, doc):
        self.docs.append(doc)
        return doc

    def later(self, when, r, lo=0.5, hi=30.0):
        return when + dt.timedelta(hours=r.uniform(lo, hi))

    def tree(self, root, n_story):
        """Copies of one root: direct copies, chains to depth 3, rewrites."""
        lang = root.lang
        r = self.stream("tree", n_story)
        outlets = list(COPIERS[lang])
        r.shuffle(outlets)
        outlets = outlets[:r.randint(min(3, len(outlets)), min(7, len(outlets)))]
        made = [root]
        for k, outlet in enumerate(outlets):
            rr = self.stream("copy", n_story, k)
            if k == 0 or rr.random() < 0.45:
                parent = root
            else:
                # Copy an earlier copy of depth < 3: chains to depth 3.
                options = [d for d in made if d is not root and d.kind != "rewrite" and depth_of(d) < 3]
                parent = rr.choice(options) if options else root
            if rr.random() < 0.12:
                doc = Doc(self.new_id(outlet), lang, outlet, parent.title, self.rewrite(parent, rr),
                          self.later(parent.when, rr), "rewrite", [parent.id], root.story)
            else:
                depth = depth_of(parent) + 1
                title, paras = self.edit_copy(parent, outlet, rr, depth)
                doc = Doc(self.new_id(outlet), lang, outlet, title, paras, self.later(parent.when, rr),
                          "direct" if parent is root else "chain%d" % depth, [parent.id], root.story)
            doc.depth = depth_of(parent) + 1
            made.append(self.add(doc))
        return made

    def composite(self, a_docs, b_docs, n):
        r = self.stream("composite", n)
        a, b = r.choice(a_docs), r.choice(b_docs)
        if a.lang != b.lang:
            return None
        outlet = r.choice(COPIERS[a.lang])
        na = max(2, (len(a.paras) * 3 + 4) // 5)
        nb = max(2, len(b.paras) // 2)
        paras = a.paras[:na] + b.paras[-nb:]
        when = self.later(max(a.when, b.when), r)
        doc = Doc(self.new_id(outlet), a.lang, outlet, a.title, paras, when, "composite", [a.id, b.id], a.story)
        doc.depth = 9
        return self.add(doc)

    def partial(self, source, own, n):
        """An outlet's own story (another root text) that took one or two paragraphs of source."""
        r = self.stream("partial", n)
        outlet = r.choice(COPIERS[source.lang])
        k = r.choice([1, 2])
        at = r.randrange(0, max(1, len(source.paras) - k))
        took = source.paras[at:at + k]
        paras = list(own["paras"])
        at = r.randrange(1, len(paras))
        paras[at:at] = took
        doc = Doc(self.new_id(outlet), source.lang, outlet, own["title"], paras, self.later(source.when, r, 4, 40),
                  "partial", [source.id], "partial-%d" % n)
        doc.depth = 9
        return self.add(doc)

    def followup(self, root, n):
        """Same people and topic, no copied text: names and numbers of the root in new sentences."""
        r = self.stream("followup", n)
        text = " ".join(root.paras)
        names = sorted(set(re.findall(r"\b[A-Z][a-z]{3,}(?: [A-Z][a-z]{3,})?\b", text)))
        nums = sorted(set(re.findall(r"\b\d[\d.,]*\b", text)))
        if len(names) < 3:
            return None
        r.shuffle(names)
        outlet = r.choice(COPIERS["en"])
        forms = ["Officials at {a} met again on {d} to review progress since last week.",
                 "{a} and {b} have since traded statements over what comes next.",
                 "Critics in {b} questioned whether the figure of {n} would hold up.",
                 "A spokesman for {a} declined to give a new timetable when asked on {d}.",
                 "Several people close to {c} expect a fuller announcement within weeks.",
                 "In {c}, the reaction has been quieter than many had predicted.",
                 "{b} is due to publish its own assessment before the end of the month."]
        r.shuffle(forms)
        days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
        paras = []
        for i in range(0, len(forms) - 1, 2):
            paras.append(" ".join(f.format(a=names[0], b=names[1 % len(names)], c=names[2 % len(names)],
                                           n=(r.choice(nums) if nums else "a dozen"), d=r.choice(days))
                                  for f in forms[i:i + 2]))
        title = "%s: what happened next" % names[0]
        doc = Doc(self.new_id(outlet), "en", outlet, title, paras, self.later(root.when, r, 48, 120),
                  "followup", [], "followup-%d" % n)
        doc.depth = 0
        return self.add(doc)

    def saga(self, story, n):
        """Another real story on the root's company, as an outlet ran it (its own wire copy, credited)."""
        r = self.stream("saga", n)
        outlet = r.choice(COPIERS["en"])
        paras = list(story["paras"])
        if story.get("dateline"):
            paras[0] = "%s (Reuters) - %s" % (story["dateline"], paras[0])
        when = parse_when(story["published"]) + dt.timedelta(hours=r.uniform(0.5, 12))
        doc = Doc(self.new_id(outlet), "en", outlet, story["title"].title(), paras, when, "saga", [],
                  "saga-%d" % n)
        doc.depth = 0
        return self.add(doc)

    def own_page(self, outlet, lang, own, n):
        """An outlet's own story: shares only the template and teasers with its other pages."""
        r = self.stream("own", n)
        when = dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=r.uniform(0, 24 * 60))
        doc = Doc(self.new_id(outlet), lang, outlet, own["title"], own["paras"], when, "own", [], "own-%d" % n)
        doc.depth = 0
        return self.add(doc)


AGENCY_OF = {}


def depth_of(d):
    return getattr(d, "depth", 0)


def root_doc(g, lang, source, title, paras, when, story, dateline=""):
    paras = list(paras)
    if dateline:
        paras[0] = dateline + " " + paras[0]
    AGENCY_OF[story] = source
    doc = Doc(g.new_id(source), lang, source, title, paras, when, "root", [], story)
    doc.depth = 0
    return g.add(doc)


def parse_when(s):
    if len(s) == 10:
        return dt.datetime.fromisoformat(s + "T09:00:00+00:00")
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def render(g):
    """Templates, teasers and times: the page as scraped."""
    by_outlet = {}
    for d in g.docs:
        by_outlet.setdefault(d.source, []).append(d)
    r = g.stream("render")
    templated = {o for o in sorted(by_outlet) if r.random() < 0.5 and o not in AGENCY.values()}
    date_only = {o for o in sorted(by_outlet) if r.random() < 0.15}
    zone = {o: ZONES[i % len(ZONES)] for i, o in enumerate(sorted(by_outlet))}
    records = []
    for d in g.docs:
        body = list(d.paras)
        if d.source in templated:
            head, foot, more = furniture(g, d.lang, d.source)
            rr = g.stream("teasers", d.id)
            others = [x for x in by_outlet[d.source] if x is not d]
            teasers = rr.sample(others, min(3, len(others)))
            body = [head.format(o=d.source)] + body + [foot.format(o=d.source), more.format(o=d.source)]
            body += ["%s. %s" % (t.title, first_sentence(t.paras[0])) for t in teasers]
        local = d.when.astimezone(zone[d.source])
        published = local.date().isoformat() if d.source in date_only else local.isoformat(timespec="minutes")
        records.append({"id": d.id, "source": d.source, "published": published, "title": d.title,
                        "text": "\n\n".join(body)})
    return records


def furniture(g, lang, outlet):
    """An outlet's own header (its sections, from the language's pool), footer and teaser heading:
    outlets of one language share some section names, as sites built on one CMS do, not whole lines."""
    head, foot, more = FURNITURE[lang]
    sections = head.split(" | ")[1:]
    r = g.stream("furniture", outlet)
    picked = r.sample(sections, max(2, len(sections) - 2))
    return " | ".join(["{o}"] + picked), foot, more


def first_sentence(p):
    m = re.match(r"(.+?[.!?۔。])(\s|$)", p)
    return m.group(1) if m else p[:160]


def generate(seed, shared, n_reuters, n_counter):
    g = Generator(seed, shared)
    r = g.rng
    roots, spare = [], {}
    data = os.path.join(shared, "data") if shared else None
    reu = os.path.join(data, "reuters21578", "reuters.jsonl") if data else None
    cnt = os.path.join(data, "counter", "counter.jsonl") if data else None
    n = 0
    if reu and os.path.exists(reu):
        stories = reuters_roots(reu, g.stream("reuters"), n_reuters + n_reuters // 3 + 12)
        reuters_used = stories[:n_reuters]
        for s in stories[:n_reuters]:
            dateline = "%s (Reuters) -" % s["dateline"] if s.get("dateline") else ""
            roots.append(root_doc(g, "en", "Reuters", s["title"].title(), s["paras"], parse_when(s["published"]),
                                  "s%d" % n, dateline))
            n += 1
        spare["en"] = stories[n_reuters:]
    if cnt and os.path.exists(cnt):
        stories = counter_roots(cnt, g.stream("counter"), n_counter + 4)
        for s in stories[:n_counter]:
            roots.append(root_doc(g, "ur", "APP", s["title"], s["paras"], parse_when(s["published"]), "s%d" % n))
            n += 1
        spare["ur"] = stories[n_counter:]
    for i, (lang, agency, dateline, title, paras) in enumerate(BUILTIN):
        when = dt.datetime(2026, 2, 1, 8, tzinfo=dt.timezone.utc) + dt.timedelta(days=7 * i)
        roots.append(root_doc(g, lang, agency, title, paras, when, "s%d" % n, dateline))
        n += 1
    trees = [g.tree(root, i) for i, root in enumerate(roots)]
    # Composites of two stories of one language, partial reuse, follow-ups, own pages.
    for i in range(max(2, len(trees) // 8)):
        rr = g.stream("pick-composite", i)
        a, b = rr.sample(trees, 2)
        g.composite(a, b, i)
    en_trees = [t for t in trees if t[0].lang == "en"]
    spare_en = list(spare.get("en", []))
    for i in range(min(len(spare_en) // 2, max(1, len(en_trees) // 6))):
        rr = g.stream("pick-partial", i)
        g.partial(rr.choice(rr.choice(en_trees)), spare_en.pop(), i)
    for i, t in enumerate(en_trees[:max(1, len(en_trees) // 6)]):
        g.followup(t[0], i)
    for i, own in enumerate(spare_en):
        g.own_page(COPIERS["en"][i % len(COPIERS["en"])], "en", own, i)
    if reu and os.path.exists(reu):
        taken = {d["id"] for d in stories}
        for i, (_, story) in enumerate(reuters_sagas(reu, reuters_used, taken, g.stream("pick-saga"))):
            g.saga(story, i)
    for i, own in enumerate(spare.get("ur", [])):
        g.own_page(COPIERS["ur"][i % len(COPIERS["ur"])], "ur", own, 100 + i)
    # Input order is not time order: feeds arrive shuffled.
    order = g.stream("order")
    order.shuffle(g.docs)
    return g


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", required=True, help="output directory (not inside the repository for real roots)")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared"),
                    help="the shared folder holding data/ (default ../shared beside the repository)")
    ap.add_argument("--reuters", type=int, default=60, help="Reuters roots (default 60)")
    ap.add_argument("--counter", type=int, default=12, help="COUNTER agency roots (default 12)")
    args = ap.parse_args(argv)
    g = generate(args.seed, args.shared, args.reuters, args.counter)
    os.makedirs(args.out, exist_ok=True)
    records = render(g)
    with open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8") as f, \
            open(os.path.join(args.out, "corpus-nodates.jsonl"), "w", encoding="utf-8") as nf:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            nf.write(json.dumps({k: v for k, v in rec.items() if k != "published"}, ensure_ascii=False) + "\n")
    by_id = {d.id: d for d in g.docs}
    with open(os.path.join(args.out, "gold_parents.tsv"), "w", encoding="utf-8") as f:
        for d in g.docs:
            for p in d.parents:
                f.write("%s\t%s\n" % (p, d.id))
    with open(os.path.join(args.out, "gold_clusters.tsv"), "w", encoding="utf-8") as f:
        for d in g.docs:
            f.write("%s\t%s\n" % (d.id, d.story))
    with open(os.path.join(args.out, "gold_kinds.tsv"), "w", encoding="utf-8") as f:
        for d in g.docs:
            f.write("%s\t%s\t%s\n" % (d.id, d.kind, ",".join(d.parents)))
    problems = [d.id for d in g.docs for p in d.parents if by_id[p].when >= d.when]
    if problems:
        print("gen_syndication: published before a parent: %s" % problems[:5], file=sys.stderr)
        return 1
    kinds = {}
    for d in g.docs:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    print("%d pages, %d parent edges; %s" % (len(g.docs), sum(len(d.parents) for d in g.docs),
                                            ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
