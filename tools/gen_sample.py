#!/usr/bin/env python3
"""Generates wiretrace's bundled sample corpus (data/) from original texts.

    python3 tools/gen_sample.py --seed 7 --out data/

writes data/sample.jsonl (one JSON record per page), data/gold_clusters.tsv
(id<TAB>cluster for every document) and data/gold_parents.tsv (parent<TAB>child,
one line per true derivation edge; a composite has two), and prints statistics.

Every story below was written for this sample: the events, officials and
quotes are fictional (places and agency names are real, as credit strings).
Each story becomes a syndication tree: an agency publishes the root and outlets
copy it the way real feeds do (credit lines, datelines, new leads, cuts from the
bottom, reordered and lightly reworded paragraphs, local paragraphs, typography,
copies of copies, composites of two stories), and every outlet page is wrapped in
that outlet's template with teasers of its other pages. Outlets edit
independently: every copy draws its own edits from its own random stream (its
new lead, which words it rewords and how, where it cuts, its credit line and
where it puts it, its local paragraph), and a copy of a copy keeps its parent's
edits and adds its own. So, as in real chains, a copy of an intermediate copy
carries that intermediate's changes, unless it cut them. Unrelated pages of the same outlets
share only that template and those teasers. The sample must stay hard in the
ways docs/design.md lists; the generator checks that and fails otherwise.

Standard library only; output is a pure function of --seed.
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
# Stories: the roots of the syndication trees. Paragraphs are separated by a
# blank line; the dateline is added to the first paragraph of the agency copy.
# ---------------------------------------------------------------------------

STORIES = [
    dict(
        key="en-hydrogen-train", lang="en", agency="ANI",
        when="2023-03-03T09:40:00+05:30",
        dateline="Shimla [India], March 3 (ANI): ",
        title="Hydrogen train completes first trial run on Kalka-Shimla line",
        alt_titles=["Hydrogen-powered train clears first hill trial",
                     "Kalka-Shimla line tests hydrogen train, services eyed for 2024"],
        relead="Passenger services on the Kalka-Shimla heritage line could switch "
               "to hydrogen before the 2024 summer season after a successful first "
               "trial run on Friday.",
        text="""
A hydrogen-powered train on Friday completed its first trial run on the narrow-gauge Kalka-Shimla line, covering the 96-kilometre mountain route in just under six hours, railway officials said.

The two-car train, built at the Integral Coach Factory in Chennai, carried engineers, sensors and sandbags loaded to simulate a full complement of 120 passengers. It stopped at every station on the route to test braking on steep gradients.

"The train climbed the toughest sections without any loss of power, and the fuel cells stayed within their temperature limits throughout," said Rakesh Bhalla, a spokesperson for Northern Railway. He said a second trial in wet weather was planned for next month.

The heritage line, which winds through 102 tunnels and more than 800 bridges, is currently served by diesel locomotives. Officials expect the hydrogen train to cut fuel costs on the route by about a third and to remove diesel smoke from the tunnels.

A refuelling station with a storage capacity of 3,000 kilograms of hydrogen has been set up at Kalka. The hydrogen is produced on site by electrolysis using power from a nearby solar park, according to the railway ministry.

Residents who gathered at Barog station to watch the train pass said it was noticeably quieter than the diesel services. "You could hear the birds over the engine," said Meena Thakur, who runs a tea stall near the platform.

If the trials succeed, the ministry plans to introduce regular passenger services on the line before the summer tourist season of 2024 and to extend the technology to other hill railways in the country.
"""),
    dict(
        key="en-freight-rates", lang="en", agency="Reuters",
        when="2023-03-06T04:12:00Z",
        dateline="SINGAPORE, March 6 (Reuters) - ",
        title="Asian container freight rates jump as port delays spread",
        alt_titles=["Port congestion sends Asia-Europe box rates up 14%",
                    "Shipping costs climb as ships queue at Asian ports"],
        relead="Shippers moving goods from Asia to Europe are paying sharply more "
               "this month as vessels queue for berths at congested ports across "
               "the region.",
        text="""
Spot freight rates for containers shipped from Asia to northern Europe rose 14% this week, the steepest weekly gain in more than a year, as congestion at several regional ports tied up vessels and equipment, industry data showed on Monday.

The cost of moving a 40-foot container from Shanghai to Rotterdam climbed to about $2,350, according to a weekly index compiled by the Straits Maritime Research consultancy. Rates from Asia to the Mediterranean rose 11%.

Analysts blamed a combination of bad weather in the South China Sea, a labour dispute at a terminal operator and a rush of cargo ahead of new emissions rules that take effect in April.

"Ships are waiting three to four days for a berth at some terminals, and every day a ship waits is a day it is not carrying cargo," said Mei Ling Tan, head of research at Straits Maritime. "Carriers have been quick to pass that cost on."

Waiting times at the region's main transhipment hubs averaged 2.6 days last week, up from less than one day in January, according to vessel tracking data.

Freight forwarders said some shippers had started booking space two to three weeks earlier than usual to avoid being rolled over to later sailings. Others have switched part of their cargo to air freight for time-sensitive goods.

Tan said she expected rates to stay elevated until at least the end of March, when several new vessels are due to be delivered to the major carriers, adding capacity on the busiest routes.

(Reporting by Daniel Koh; Editing by Martin Hale)
"""),
    dict(
        key="en-arctic-station", lang="en", agency="Sputnik",
        when="2023-03-08T11:05:00+03:00",
        dateline="MOSCOW, March 8 (Sputnik) - ",
        title="Ice delays resupply of Russian Arctic research station",
        alt_titles=["Thick sea ice forces Arctic supply ship to turn back",
                    "Arctic station crew waits for supplies as ice blocks ship"],
        relead="Twelve researchers wintering on a remote Arctic archipelago will "
               "wait at least ten more days for fresh supplies after sea ice "
               "turned their supply ship back.",
        text="""
The resupply of a Russian research station on the Severnaya Zemlya archipelago has been postponed by at least ten days after unusually thick sea ice blocked the approach of a supply vessel, the Arctic and Antarctic Research Institute said on Wednesday.

The icebreaker carrying fuel, food and scientific equipment for the station's winter crew was forced to turn back about 40 kilometres from the coast when the ice thickness exceeded two metres, the institute said in a statement.

The twelve researchers at the station have enough food and fuel to last until the end of April, and there is no threat to their safety, according to the statement. A helicopter delivered medicine and fresh produce on Monday.

"The ice this season is thicker and more compact than anything we have seen in this area over the past decade," said Viktor Orlov, the expedition's deputy head. "We are studying satellite images every day to find a corridor."

The station, which monitors sea ice, permafrost and atmospheric conditions, is one of several that Russia has reopened in the Arctic since 2015. Its data feed into weather forecasts for shipping on the Northern Sea Route.

A second attempt to reach the station is planned for the middle of March with the help of a nuclear-powered icebreaker, the institute said.
"""),
    dict(
        key="en-gorge-bridge", lang="en", agency="Xinhua",
        when="2023-03-10T16:30:00+08:00",
        dateline="GUIYANG, March 10 (Xinhua) -- ",
        title="New mountain bridge cuts travel time across Guizhou gorge",
        alt_titles=["Bridge over 600-metre gorge opens in southwest China",
                    "Guizhou opens suspension bridge linking two mountain counties"],
        relead="Villagers in two mountain counties of Guizhou can now cross a "
               "600-metre-deep gorge in about 20 minutes instead of more than two "
               "hours.",
        text="""
A suspension bridge spanning a 600-metre-deep gorge in southwest China's Guizhou Province opened to traffic on Friday, cutting the journey between two mountain counties from more than two hours to about 20 minutes.

The bridge has a main span of 1,420 metres and its deck stands 565 metres above the river below, according to the provincial transport department. Construction began in 2019 and involved more than 3,000 workers at its peak.

Engineers used drones to pull the first guide cables across the gorge and installed more than 90 sensors to monitor wind speed, temperature and vibration on the deck in real time, said Zhou Wenbin, the project's chief engineer.

"Many of the villages on the far side of the gorge could only be reached by a winding road that was often closed by landslides in the rainy season," Zhou said. "For them, the bridge is a lifeline."

Local officials expect the bridge to boost tourism and the transport of farm produce, including tea and chili peppers, to markets in the provincial capital.

Guizhou, a mountainous province with few flat areas, is home to nearly half of the world's 100 highest bridges, according to the provincial government. Its expressway network now reaches every county.
"""),
    dict(
        key="en-wheat-target", lang="en", agency="APP",
        when="2023-03-13T15:20:00+05:00",
        dateline="ISLAMABAD, Mar 13 (APP): ",
        title="Govt sets wheat procurement target at 7.8 million tonnes",
        alt_titles=["Wheat procurement target raised to 7.8m tonnes",
                    "Centres to pay small farmers within 72 hours, says minister"],
        relead="Small farmers must be paid within 72 hours of delivering their "
               "wheat, the government said on Monday as it raised this year's "
               "procurement target.",
        text="""
The federal government on Monday set a wheat procurement target of 7.8 million tonnes for the coming harvest, an increase of about 400,000 tonnes over last year, to build up strategic reserves and stabilise flour prices.

The decision was taken at a meeting of the National Food Security Committee chaired by the Minister for National Food Security, Dr. Farah Naz, in Islamabad. Provincial food secretaries attended the meeting via video link.

The committee was told that wheat had been sown on 22.4 million acres this season, while dry weather in parts of Sindh and southern Punjab had reduced expected yields in rain-fed areas by up to 15 percent.

The minister directed the provincial food departments to open procurement centres on time and to ensure that small farmers were paid within 72 hours of delivering their crop. "No farmer should have to sell his wheat to middlemen at a lower price because a centre was closed," she said.

The meeting also reviewed the supply of fertiliser for the next season and decided to set up a joint committee to monitor the movement of wheat across provincial borders to prevent hoarding.

Officials said the country's current wheat stocks were sufficient to meet demand until the new crop reached markets in April.
"""),
    dict(
        key="en-storm-evacuation", lang="en", agency="PNS",
        when="2023-03-15T08:45:00+08:00",
        dateline="MANILA, March 15 (PNS) - ",
        title="Thousands evacuated as storm nears northern Philippines",
        alt_titles=["18,000 flee homes as Storm Amang approaches Cagayan",
                    "Schools shut, boats kept in port ahead of storm landfall"],
        relead="Families along the river banks of Cagayan and Isabela were told to "
               "leave their homes on Wednesday, a day before a strengthening storm "
               "is due to make landfall.",
        text="""
More than 18,000 people were moved to evacuation centres in the northern Philippine provinces of Cagayan and Isabela on Wednesday as a tropical storm gathered strength over the Pacific, disaster officials said.

The storm, locally named Amang, was packing sustained winds of 95 kilometres per hour and was expected to make landfall on Thursday evening, the state weather bureau said in its latest bulletin.

Schools in 14 towns were closed and fishing boats were ordered to stay in port. The coast guard said it had suspended sea travel between the mainland and the Batanes islands.

"We are not waiting for the water to rise this time," said Ramon Dizon, the disaster risk reduction officer of Cagayan. "Families living near the river banks have been told to leave today, and we have trucks ready for anyone who needs help."

The weather bureau warned of rainfall of up to 200 millimetres in mountainous areas, raising the risk of landslides and flash floods. Farmers were urged to harvest rice and corn that was already mature.

The Philippines is hit by about 20 tropical storms and typhoons each year. A storm that struck the same region last year destroyed thousands of homes and damaged crops worth more than 2 billion pesos.
"""),
    dict(
        key="en-tea-auction", lang="en", agency="Reuters",
        when="2023-03-17T12:10:00Z",
        dateline="NAIROBI, March 17 (Reuters) - ",
        title="Kenyan tea prices slide at Mombasa auction on weak demand",
        alt_titles=["Tea prices fall for third week as buyers hold back",
                    "Dollar shortage in key markets hits Kenyan tea sales"],
        relead="Nearly four in ten kilograms of Kenyan tea offered at this week's "
               "Mombasa auction found no buyer, as importers struggled to find "
               "dollars to pay for it.",
        text="""
Kenyan tea prices fell for a third straight week at the Mombasa auction on Tuesday as buyers from Pakistan and Egypt, the biggest markets, held back purchases amid shortages of hard currency, brokers said.

The average price of a kilogram of tea dropped to $2.14 from $2.29 a week earlier, according to the East African Tea Trade Association. About 38% of the 9.1 million kilograms on offer went unsold.

"Buyers are there, but they cannot open letters of credit, so they are taking only what they can pay for immediately," said Peter Wambua, a broker at Nairobi-based Highland Produce Brokers.

Tea is one of Kenya's leading exports, alongside horticulture and tourism, and the sector supports more than 600,000 smallholder farmers, most of them in the highlands west and east of the Rift Valley.

Farmers' groups have warned that lower prices will reduce the bonus payments they receive at the end of the year. Some factories have already cut the monthly rate paid for green leaf.

The agriculture ministry said it was in talks with buyers in the Middle East and Central Asia to diversify the market and reduce the country's dependence on a handful of buyers.

(Reporting by Grace Mutua; Editing by Tom Ellery)
"""),
    dict(
        key="ru-metro-station", lang="ru", agency="РИА Новости",
        when="2023-03-02T10:15:00+07:00",
        dateline="НОВОСИБИРСК, 2 мар — РИА Новости. ",
        title="Открытие новой станции метро в Новосибирске перенесли на осень",
        alt_titles=["Станцию метро «Спортивная» откроют не раньше октября",
                    "В Новосибирске задерживается открытие станции метро"],
        relead="Жителям левобережья Новосибирска придется подождать новую станцию "
               "метро еще несколько месяцев: ее открытие сдвинулось на октябрь.",
        text="""
Открытие станции метро «Спортивная» в Новосибирске перенесено с июня на октябрь из-за задержки поставок эскалаторов, сообщил в четверг заместитель мэра города Андрей Колесников.

По его словам, строительные работы на станции выполнены почти на 90 процентов, однако два из четырех эскалаторов пока не доставлены с завода. Без них ввести станцию в эксплуатацию нельзя.

«Мы понимаем, что жители ждут эту станцию давно, и сделаем все, чтобы открыть ее до конца года. Подрядчик уже получил предписание ускорить работы», — сказал Колесников.

Станция «Спортивная» станет четырнадцатой в новосибирском метрополитене. Она расположится на Ленинской линии и обслужит новый жилой район на левом берегу Оби.

По оценкам мэрии, новой станцией будут пользоваться около 20 тысяч пассажиров в день. Ее строительство началось в 2019 году, стоимость проекта составляет более трех миллиардов рублей.

Новосибирский метрополитен, открытый в 1986 году, остается единственным в Сибири. Ежедневно он перевозит около 200 тысяч человек.
"""),
    dict(
        key="ru-volcano-ash", lang="ru", agency="ТАСС",
        when="2023-03-09T14:50:00+12:00",
        dateline="ПЕТРОПАВЛОВСК-КАМЧАТСКИЙ, 9 марта. /ТАСС/. ",
        title="Вулкан Шивелуч выбросил пепел на высоту восьми километров",
        alt_titles=["Для авиации введен оранжевый код из-за пепла Шивелуча",
                    "Пеплопад накрыл поселок Ключи на Камчатке"],
        relead="Жителей камчатского поселка Ключи попросили не выходить на улицу и "
               "закрыть окна после мощного выброса пепла вулканом Шивелуч.",
        text="""
Вулкан Шивелуч на Камчатке выбросил столб пепла на высоту до восьми километров над уровнем моря, для авиации введен оранжевый код опасности, сообщили в четверг в Камчатской группе реагирования на вулканические извержения.

Пепловый шлейф протянулся на 120 километров к юго-востоку от вулкана. Пеплопад зафиксирован в поселке Ключи, где проживают около пяти тысяч человек.

«Жителям рекомендовано по возможности не выходить на улицу, закрыть окна и пользоваться защитными масками», — сказали в администрации района. Занятия в местной школе отменены.

Аэропорт Петропавловска-Камчатского работает в штатном режиме, однако два рейса местных авиалиний в северные районы полуострова перенесены на пятницу.

Шивелуч — один из самых крупных и активных вулканов Камчатки. Его высота составляет около 3,3 тысячи метров. Предыдущий сильный выброс пепла ученые наблюдали прошлой весной.

По данным вулканологов, высокая активность вулкана может сохраняться в ближайшие несколько недель.
"""),
    dict(
        key="ur-lahore-smog", lang="ur", agency="اے پی پی",
        when="2022-11-16T18:30:00+05:00",
        dateline="لاہور (اے پی پی) ",
        title="لاہور میں اسموگ کے باعث تعلیمی ادارے دو روز کے لیے بند",
        alt_titles=["اسموگ: لاہور کے اسکول جمعرات اور جمعہ کو بند رہیں گے",
                    "لاہور میں ایئر کوالٹی انڈیکس چار سو سے تجاوز کر گیا"],
        relead="لاہور میں فضائی آلودگی خطرناک حد تک بڑھنے کے بعد شہریوں کو گھروں "
               "میں رہنے اور ماسک پہننے کی ہدایت کی گئی ہے۔",
        text="""
پنجاب حکومت نے لاہور میں فضائی آلودگی کی خطرناک سطح کے پیش نظر تمام سرکاری اور نجی تعلیمی ادارے جمعرات اور جمعہ کو بند رکھنے کا اعلان کیا ہے۔

محکمہ تحفظ ماحولیات کے مطابق بدھ کی شام شہر میں ایئر کوالٹی انڈیکس چار سو سے تجاوز کر گیا، جو صحت کے لیے انتہائی مضر سمجھا جاتا ہے۔ لاہور کے مختلف حصوں میں حد نگاہ دو سو میٹر سے بھی کم رہی۔

صوبائی وزیر ماحولیات ڈاکٹر سائرہ ملک نے کہا کہ فصلوں کی باقیات جلانے اور دھواں چھوڑنے والی گاڑیوں کے خلاف کارروائی تیز کر دی گئی ہے۔ انہوں نے کہا کہ گزشتہ ایک ہفتے میں تین سو سے زائد گاڑیوں کے چالان کیے گئے۔

ڈاکٹروں نے شہریوں کو ہدایت کی ہے کہ وہ غیر ضروری طور پر گھروں سے باہر نہ نکلیں، ماسک کا استعمال کریں اور بچوں اور بزرگوں کا خاص خیال رکھیں۔ سرکاری اسپتالوں میں سانس اور آنکھوں کی بیماریوں کے مریضوں کی تعداد میں اضافہ دیکھا گیا ہے۔

محکمہ موسمیات کا کہنا ہے کہ ہفتے کے روز ہلکی بارش کا امکان ہے جس سے فضائی آلودگی میں کمی متوقع ہے۔

حکام نے کہا کہ صورتحال کا روزانہ جائزہ لیا جائے گا اور ضرورت پڑنے پر تعلیمی اداروں کی بندش میں توسیع کی جا سکتی ہے۔
"""),
    dict(
        key="ur-karachi-water", lang="ur", agency="اے پی پی",
        when="2023-03-11T13:05:00+05:00",
        dateline="کراچی (اے پی پی) ",
        title="کراچی میں پانی کی قلت، واٹر کارپوریشن نے ٹینکر سروس بڑھا دی",
        alt_titles=["کراچی کے کئی علاقے پانچ روز سے پانی سے محروم",
                    "دھابیجی پمپنگ اسٹیشن پر بجلی کی بندش، شہر میں پانی کا بحران"],
        relead="کراچی کے شہری پانی کی قلت کے باعث نجی ٹینکروں کو دگنی قیمت ادا "
               "کرنے پر مجبور ہیں۔",
        text="""
کراچی واٹر اینڈ سیوریج کارپوریشن نے شہر کے کئی علاقوں میں پانی کی شدید قلت کے بعد سرکاری ٹینکر سروس کے اوقات میں اضافہ کر دیا ہے اور ہائیڈرنٹس چوبیس گھنٹے کھلے رکھنے کی ہدایت کی ہے۔

واٹر کارپوریشن کے ترجمان کے مطابق دھابیجی پمپنگ اسٹیشن پر بجلی کی بار بار بندش کے باعث شہر کو روزانہ تقریباً دس کروڑ گیلن پانی کم فراہم ہو رہا ہے۔

ترجمان نے کہا کہ متاثرہ علاقوں میں گلشن اقبال، لیاقت آباد، نارتھ کراچی اور کورنگی شامل ہیں جہاں شہریوں کو گزشتہ پانچ روز سے پانی نہیں مل رہا۔

شہریوں نے شکایت کی ہے کہ نجی ٹینکر مالکان ایک ٹینکر کے لیے دگنی قیمت وصول کر رہے ہیں۔ لیاقت آباد کے رہائشی محمد عارف نے بتایا کہ انہیں ایک ہزار گیلن پانی کے لیے چار ہزار روپے ادا کرنے پڑے۔

میئر کراچی نے بجلی فراہم کرنے والی کمپنی کے حکام سے ملاقات کی اور پمپنگ اسٹیشن کو بلا تعطل بجلی کی فراہمی یقینی بنانے کا مطالبہ کیا۔

حکام کا کہنا ہے کہ مرمت کا کام مکمل ہونے کے بعد آئندہ ہفتے تک پانی کی فراہمی معمول پر آنے کی توقع ہے۔
"""),
    dict(
        key="zh-yunnan-coffee", lang="zh", agency="新华社",
        when="2023-03-07T17:00:00+08:00",
        dateline="新华社昆明3月7日电（记者李明轩）",
        title="云南咖啡豆出口前两个月同比增长三成",
        alt_titles=["云南精品咖啡走俏海外市场", "前两月云南出口咖啡豆约1.2万吨"],
        relead="精品化转型让云南咖啡在国际市场上越来越受欢迎，农民收入也随之提高。",
        text="""
记者从昆明海关获悉，今年前两个月，云南省出口咖啡豆约1.2万吨，同比增长31%，主要销往德国、比利时和韩国等市场。

云南是中国最大的咖啡产区，种植面积和产量均占全国九成以上。近年来，当地通过推广精品咖啡种植和加工技术，不断提高咖啡豆的品质和附加值。

普洱市一家咖啡合作社负责人王海燕表示，合作社今年收购的精品咖啡豆比例从去年的两成提高到四成，每公斤售价比普通咖啡豆高出近一倍。

“过去我们只卖生豆，价格由别人说了算。现在我们自己做烘焙和品牌，农民的收入明显增加了。”王海燕说。

昆明海关有关负责人介绍，海关为咖啡出口企业提供预约通关和检测结果互认等便利措施，平均通关时间缩短至不到一天。

业内人士预计，随着国际市场对精品咖啡需求持续增长，云南咖啡出口今年有望继续保持较快增长。
"""),
    dict(
        key="zh-harbin-ice", lang="zh", agency="新华社",
        when="2023-03-12T19:20:00+08:00",
        dateline="新华社哈尔滨3月12日电 ",
        title="哈尔滨冰雪旅游季接待游客人数创新高",
        alt_titles=["冰雪季哈尔滨迎客约3100万人次", "年轻游客成哈尔滨冰雪游主力"],
        relead="今年冬天，来自南方的年轻游客让哈尔滨的冰雪旅游格外火热。",
        text="""
记者从哈尔滨市文化广电和旅游局了解到，刚刚结束的冰雪旅游季中，哈尔滨共接待国内外游客约3100万人次，实现旅游收入约410亿元，均创历史新高。

今年冰雪季期间，哈尔滨冰雪大世界园区面积扩大至60万平方米，使用冰雪约25万立方米，推出冰滑梯、冰上音乐会等多项新体验项目。

哈尔滨市文化广电和旅游局副局长赵立新表示，为应对客流高峰，当地增开了机场和火车站至主要景区的旅游专线，并在景区周边增设了临时停车场和暖房。

来自广州的游客陈女士说：“第一次看到这么多冰雕，晚上灯光亮起来的时候特别震撼，明年还想带父母一起来。”

据介绍，今年来哈尔滨的外地游客中，来自南方城市的游客占比超过六成，二十至三十五岁的年轻游客成为主力。

当地有关部门表示，将利用冰雪季后的时间对景区设施进行维护升级，并筹划夏季避暑旅游产品，推动全年旅游发展。
"""),
    dict(
        key="es-potato-frost", lang="es", agency="EFE",
        when="2023-03-14T09:30:00-05:00",
        dateline="Lima, 14 mar (EFE).- ",
        title="Las heladas dañan un tercio de la cosecha de papa en el sur de Perú",
        alt_titles=["Heladas golpean a 40.000 familias agricultoras en Puno y Cusco",
                    "Gobierno peruano anuncia bono para productores de papa afectados"],
        relead="Miles de familias campesinas del altiplano peruano perdieron su "
               "cosecha de papa tras dos semanas de temperaturas extremas.",
        text="""
Las heladas registradas en las últimas dos semanas han dañado cerca de un tercio de los cultivos de papa en las regiones andinas de Puno y Cusco, informó este martes el Ministerio de Desarrollo Agrario y Riego.

Según el reporte oficial, unas 28.000 hectáreas resultaron afectadas y más de 40.000 familias de pequeños agricultores perdieron parte de su producción, destinada en gran medida al consumo propio.

"Las temperaturas bajaron hasta quince grados bajo cero en algunas comunidades por encima de los 4.000 metros, algo que no veíamos desde hace años", dijo el director regional de Agricultura de Puno, Julio Quispe.

El Gobierno anunció la entrega de semillas, abono y kits veterinarios a las comunidades más afectadas, así como un bono de emergencia para los productores que perdieron toda su cosecha.

Los agricultores de la zona reclamaron además la construcción de cobertizos y sistemas de riego que les permitan proteger sus cultivos y su ganado de las olas de frío, cada vez más frecuentes.

El Perú es el mayor productor de papa de América Latina y cuenta con más de 3.000 variedades nativas de este tubérculo, según datos oficiales.
"""),
]

# Short stories for the unrelated pages: each is its own gold cluster and shares
# only its outlet's template and teasers with other pages.
SHORTS = [
    ("en", "City council approves new cycle lanes for old town", """
The city council on Tuesday approved a plan to build 12 kilometres of protected cycle lanes through the old town, despite objections from shop owners who fear losing parking spaces in front of their stores.

Work on the first section, along the river promenade, is due to begin in May. Councillor Anita Rao said the lanes would make cycling safer for thousands of students who ride to the university, and that a new multi-storey car park near the market would add 40 spaces.
"""),
    ("en", "Cricket club marks centenary with charity match", """
The Riverside Cricket Club celebrated its hundredth anniversary on Sunday with a charity match between former players and the current first eleven, raising money for a new roof over the old pavilion.

The veterans, several of them in their seventies, won by four wickets after an unbeaten half-century from a retired schoolteacher who first played for the club in 1968. Organisers said the day raised enough to start repairs before the monsoon.
"""),
    ("en", "Museum returns coins to regional archive", """
A collection of 340 silver coins that spent four decades in storage at the national museum has been handed back to the regional archive where they were first catalogued, officials said on Thursday.

The coins, minted over three centuries, were found by farmers ploughing a field in the 1950s. Curators hope a new display will draw school groups, and researchers plan to study the metal to trace the trade routes that brought the silver to the valley.
"""),
    ("en", "Six-hour power cut hits eastern suburbs", """
Tens of thousands of homes in the eastern suburbs were left without electricity for six hours on Saturday after a fault at a substation tripped three feeder lines during the afternoon heat.

The distribution company said a transformer had overheated and that crews restored supply in stages by late evening. Residents complained that water pumps in high-rise buildings stopped working, and traders at the wholesale market said frozen goods had spoiled.
"""),
    ("en", "Students win robotics contest with river-cleaning drone", """
A team of four engineering students won the national robotics championship on Friday with a floating drone that collects plastic waste from rivers and sorts it by type using a camera and a small conveyor.

The judges praised the design for its low cost, about the price of a motorcycle. The students said they would test the drone on a canal near their college next month and hoped a municipal corporation would fund a fleet.
"""),
    ("en", "Heat forces earlier school hours in the plains", """
Schools across the plains districts will start at seven in the morning and close by noon from next week because of rising temperatures, the education department said on Wednesday.

Afternoon sports periods have been suspended and schools have been told to keep drinking water and oral rehydration salts available in every classroom. Parents' associations welcomed the change but asked for school buses to be fitted with fans.
"""),
    ("en", "Airline adds weekly flights to Colombo", """
A regional low-cost airline will add four weekly flights to Colombo from the end of the month, taking its service on the route to a daily schedule, the carrier said in a statement.

The airline said demand had grown strongly since the start of the year, driven by tourists and by families visiting relatives. Introductory fares will be available for bookings made before the end of next week.
"""),
    ("en", "Startup launches app that predicts bus arrivals", """
A three-person startup has launched a free mobile app that predicts when city buses will reach each stop, using location data from drivers' phones and a model trained on two years of timetables.

The founders said the app was accurate to within two minutes on most routes during a three-month pilot. The transport authority said it would consider adding the predictions to the digital boards at major stops.
"""),
    ("en", "Police recover bells stolen from hill temple", """
Police on Monday recovered eleven brass bells stolen from a hill temple last month and arrested two men who had tried to sell them to a scrap dealer in a neighbouring district.

The dealer alerted officers after noticing inscriptions on the bells. Temple trustees said the bells, some more than a century old, would be rehung before the spring festival, and that cameras would be installed at the entrance.
"""),
    ("en", "Farmers' market returns to central square", """
The weekly farmers' market returned to the central square on Sunday after a two-year break, with more than sixty stalls selling vegetables, honey, cheese and handmade pottery from nearby villages.

Organisers said stallholders would pay a reduced fee for the first three months. Shoppers queued from early morning for strawberries, and several stalls had sold out before ten o'clock.
"""),
    ("en", "Hospital opens new children's ward", """
The district hospital opened a 40-bed children's ward on Thursday, including an eight-bed intensive care unit and a play area designed with help from local art students.

Until now, children needing intensive care had to be taken to the state capital, a journey of four hours. The hospital's medical superintendent said three paediatricians and twenty nurses had been hired to staff the ward.
"""),
    ("en", "Bookshop chain to close three branches", """
A family-owned bookshop chain said on Tuesday it would close three of its nine branches by the summer, citing rising rents and falling sales of printed books in shopping malls.

The company said staff would be offered jobs at the remaining shops. Its flagship store near the university will stay open and will add a cafe and a reading room for children, the owners said.
"""),
    ("en", "Marathon draws record 9,000 runners", """
A record 9,000 runners took part in the city marathon on Sunday, with the men's race won in a course-record time by a 24-year-old army athlete running the distance for only the second time.

Volunteers handed out more than 60,000 bottles of water along the route. Organisers said the half-marathon and the family fun run had also drawn their largest fields since the event began.
"""),
    ("en", "Zoo welcomes twin snow leopard cubs", """
Twin snow leopard cubs born at the state zoo last month made their first public appearance on Saturday, drawing crowds to the enclosure from the moment the gates opened.

Keepers said the cubs, a male and a female, were healthy and had begun eating meat. The zoo will hold a competition among schoolchildren to choose their names.
"""),
    ("ru", "В Томске открылся новый каток в городском парке", """
В городском парке Томска в субботу открылся крытый каток площадью 1800 квадратных метров. Вход для детей до семи лет будет бесплатным, сообщили в администрации города.

На катке работают прокат коньков и раздевалки, а по вечерам включается подсветка. Первыми на лед вышли воспитанники местной хоккейной школы.
"""),
    ("ru", "В Иркутске начнут ремонт набережной Ангары", """
Ремонт нижней набережной Ангары в Иркутске начнется в мае и продлится до конца сентября, сообщили в городской администрации.

Подрядчик заменит покрытие, установит новые скамейки и фонари, а также оборудует спуски к воде для маломобильных горожан. Движение пешеходов на время работ будет частично ограничено.
"""),
    ("ru", "Во Владивостоке прошел фестиваль корюшки", """
Традиционный фестиваль корюшки собрал во Владивостоке несколько тысяч человек. Рыбаки соревновались в подледном лове, а повара готовили уху и жареную рыбу прямо на льду.

Организаторы напомнили, что выходить на лед можно только в отведенных местах: в последние дни из-за оттепели его толщина у берега заметно уменьшилась.
"""),
    ("ur", "فیصل آباد میں پانچ روزہ کتاب میلہ شروع", """
فیصل آباد میں پانچ روزہ کتاب میلہ شروع ہو گیا ہے جس میں ملک بھر سے ساٹھ سے زائد پبلشرز نے اپنے اسٹال لگائے ہیں۔ میلے میں طلبہ کے لیے کتابوں پر خصوصی رعایت دی جا رہی ہے۔

منتظمین کے مطابق پہلے روز ہزاروں افراد نے میلے کا رخ کیا اور بچوں کی کہانیوں کی کتابیں سب سے زیادہ فروخت ہوئیں۔
"""),
    ("ur", "ملتان میں نئی الیکٹرک بس سروس کا آغاز", """
ملتان میں شہریوں کے لیے نئی الیکٹرک بس سروس کا آغاز کر دیا گیا ہے۔ پہلے مرحلے میں بیس بسیں شہر کے تین روٹس پر چلائی جائیں گی۔

انتظامیہ کے مطابق طلبہ اور بزرگ شہریوں کے لیے کرایہ نصف رکھا گیا ہے جبکہ بسوں میں خواتین کے لیے الگ نشستیں مختص کی گئی ہیں۔
"""),
    ("ur", "پشاور میں انٹر کالجز کرکٹ ٹورنامنٹ کا فائنل", """
پشاور میں انٹر کالجز کرکٹ ٹورنامنٹ کا فائنل اسلامیہ کالج نے جیت لیا۔ فائنل میچ میں اسلامیہ کالج نے مقررہ اوورز میں ایک سو بیاسی رنز بنائے۔

جواب میں مخالف ٹیم ایک سو پچاس رنز پر آؤٹ ہو گئی۔ فاتح ٹیم کے کپتان کو بہترین کھلاڑی کا ایوارڈ دیا گیا۔
"""),
    ("zh", "杭州地铁新线路开通运营", """
杭州一条新的地铁线路周六正式开通运营，全长约28公里，共设车站18座，连接城西科创大走廊和主城区。

运营方介绍，新线路开通初期行车间隔约为6分钟，早晚高峰将根据客流情况适当加密。不少市民在首班车发车前就赶到车站体验。
"""),
    ("zh", "成都举办大熊猫主题摄影展", """
以大熊猫为主题的摄影展日前在成都开幕，展出来自国内外摄影师的200余幅作品，记录了大熊猫在野外和繁育基地的生活。

主办方表示，展览将持续一个月，期间还将举办野生动物保护讲座和亲子活动，免费向公众开放。
"""),
    ("es", "Arequipa celebra su festival del queso helado", """
Arequipa celebró este domingo su tradicional festival del queso helado, un postre típico de la ciudad elaborado con leche, canela y coco, que atrajo a miles de visitantes a la plaza principal.

Más de treinta productoras artesanales ofrecieron sus recetas familiares, y un jurado premió a una vendedora que lleva cuarenta años preparando el dulce en el mercado de San Camilo.
"""),
    ("es", "Trujillo inaugura una nueva biblioteca municipal", """
La Municipalidad de Trujillo inauguró una biblioteca pública con más de 15.000 libros, una sala infantil y una zona de computadoras con acceso gratuito a internet.

El alcalde explicó que la biblioteca abrirá de lunes a sábado y que organizará talleres de lectura para escolares durante las vacaciones.
"""),
]

# ---------------------------------------------------------------------------
# Agencies (publish the roots) and outlets (publish copies and their own pages).
# ---------------------------------------------------------------------------

AGENCIES = {
    "ANI": dict(lang="en", prefix="ani", domain="aninews.example", tz="+05:30",
                end=["(ANI)", "— ANI"], inline=["ANI reported", "according to ANI",
                                                "as reported by ANI"], start=[]),
    "Reuters": dict(lang="en", prefix="rtrs", domain="wire.reuters.example", tz="Z",
                    end=["— Reuters", "(Reuters)"],
                    inline=["Reuters reported", "according to Reuters", "citing Reuters"],
                    start=[]),
    "Sputnik": dict(lang="en", prefix="spk", domain="sputnik.example", tz="+03:00",
                    end=["(Sputnik)", "— Sputnik"],
                    inline=["reported Sputnik", "according to Sputnik"], start=["Sputnik —"]),
    "Xinhua": dict(lang="en", prefix="xh", domain="english.xinhua.example", tz="+08:00",
                   end=["(Xinhua)"], inline=["Xinhua reported", "reported Xinhua",
                                             "according to Xinhua"],
                   start=["Xinhua —"]),
    "APP": dict(lang="en", prefix="app", domain="app.example", tz="+05:00",
                end=["(APP)", "— APP"], inline=["APP reported", "according to APP"], start=[]),
    "PNS": dict(lang="en", prefix="pns", domain="pns.example", tz="+08:00",
                end=["(PNS)"], inline=["reported Pacific News Service", "according to PNS"],
                start=[]),
    "РИА Новости": dict(lang="ru", prefix="ria", domain="ria.example", tz="+03:00",
                        end=["Об этом сообщает РИА Новости."],
                        inline=["сообщает РИА Новости", "по данным РИА Новости"],
                        start=["РИА Новости —"]),
    "ТАСС": dict(lang="ru", prefix="tass", domain="tass.example", tz="+03:00",
                 end=["Об этом передает ТАСС.", "(ТАСС)"],
                 inline=["передает ТАСС", "сообщает ТАСС"], start=["ТАСС:"]),
    "اے پی پی": dict(lang="ur", prefix="appur", domain="urdu.app.example", tz="+05:00",
                     end=["(اے پی پی)"], inline=[], start=["اے پی پی کے مطابق"]),
    "新华社": dict(lang="zh", prefix="xhs", domain="xinhuanet.example", tz="+08:00",
                  end=["（新华社）"], inline=[], start=["据新华社报道，", "新华社消息，"]),
    "EFE": dict(lang="es", prefix="efe", domain="efe.example", tz="-05:00",
                end=["(EFE)"], inline=["informó EFE", "según EFE"], start=["EFE.-"]),
}

GENERIC_CREDITS = {
    "en": ["With inputs from agencies", "— Agencies", "(Agencies)"],
    "ru": ["По материалам информагентств."],
    "ur": ["(خبر ایجنسیاں)"],
    "zh": ["（本网综合）"],
    "es": ["Con información de agencias."],
}

# name, domain, zone, template family (en only), section
OUTLETS_BY_LANG = {
    "en": [
        ("Asia Courier", "asiacourier.example", "+05:30", "A", "Top News"),
        ("The Harbour Times", "harbourtimes.example", "+08:00", "B", "World"),
        ("Daily Meridian", "dailymeridian.example", "+00:00", "C", "World"),
        ("Indus Herald", "indusherald.example", "+05:00", "B", "National"),
        ("Capital Dispatch", "capitaldispatch.example", "-05:00", "C", "International"),
        ("Lakeside Chronicle", "lakesidechronicle.example", "+03:00", "A", "News"),
        ("NewsPoint 24", "newspoint24.example", "+05:30", "C", "India"),
        ("Gulf Observer Online", "gulfobserver.example", "+04:00", "B", "Asia"),
        ("Pacific Ledger", "pacificledger.example", "+10:00", "A", "Region"),
        ("Frontier Times Online", "frontiertimes.example", "+05:00", "C", "Pakistan"),
        ("The Morning Mirror", "morningmirror.example", "+01:00", "B", "World"),
        ("Metro Wire Digest", "metrowire.example", "-08:00", "A", "Wire"),
        ("Bay Times Online", "baytimes.example", "+05:30", "C", "Top Stories"),
        ("The Northern Post", "northernpost.example", "+00:00", "B", "Global"),
        ("Island Echo", "islandecho.example", "+08:00", "A", "Asia Pacific"),
        ("Central Asia Review", "carview.example", "+06:00", "C", "Region"),
    ],
    "ru": [
        ("Вечерний курьер", "vkurier.example", "+03:00", "R", "Общество"),
        ("Северная газета", "sevgazeta.example", "+07:00", "R", "Новости"),
        ("Новости Приморья", "primnews.example", "+10:00", "R", "Россия"),
        ("Уральский вестник", "uralvestnik.example", "+05:00", "R", "Страна"),
        ("Волжская правда онлайн", "volzhpravda.example", "+04:00", "R", "События"),
        ("Сибирь сегодня", "sibtoday.example", "+07:00", "R", "Регион"),
    ],
    "ur": [
        ("روزنامہ آفتاب", "aftab.example", "+05:00", "U", "قومی"),
        ("نوائے شہر", "nawaeshehr.example", "+05:00", "U", "پاکستان"),
        ("اردو ٹائمز", "urdutimes.example", "+05:00", "U", "اہم خبریں"),
        ("خبرنامہ آن لائن", "khabarnama.example", "+05:00", "U", "تازہ ترین"),
        ("روزنامہ جدت", "jiddat.example", "+05:00", "U", "شہر"),
        ("پاک نیوز پوائنٹ", "paknewspoint.example", "+05:00", "U", "قومی"),
    ],
    "zh": [
        ("东方快报", "dfkb.example", "+08:00", "Z", "国内"),
        ("华南新闻网", "hnxw.example", "+08:00", "Z", "财经"),
        ("北方日报网", "bfrb.example", "+08:00", "Z", "社会"),
        ("南洋视点", "nanyangsd.example", "+08:00", "Z", "中国"),
        ("西部时报网", "xbsb.example", "+08:00", "Z", "综合"),
    ],
    "es": [
        ("El Diario del Sur", "diariodelsur.example", "-05:00", "S", "Regiones"),
        ("Noticias Andinas", "noticiasandinas.example", "-05:00", "S", "Economía"),
        ("La Voz del Altiplano", "vozaltiplano.example", "-04:00", "S", "Actualidad"),
        ("Crónica Regional", "cronicaregional.example", "-05:00", "S", "Sociedad"),
    ],
}

# Copies per story tree (the root excluded), by language.
COPIES_PER_STORY = {"en": (12, 14), "ru": (6, 6), "ur": (6, 6), "zh": (5, 5), "es": (4, 4)}

# Composites: (major story, minor story); the major one supplies most text.
COMPOSITES = [
    ("en-arctic-station", "en-freight-rates"),
    ("en-wheat-target", "en-tea-auction"),
    ("en-storm-evacuation", "en-gorge-bridge"),
    ("en-hydrogen-train", "en-wheat-target"),
    ("ru-volcano-ash", "ru-metro-station"),
    ("ur-karachi-water", "ur-lahore-smog"),
]

# What an outlet that copies a story may write itself. Real outlets edit
# independently: each copy draws its own new lead, its own rewording, its own
# credit line and its own local paragraph (from its own random stream), and a
# copy of a copy keeps its parent's edits and adds its own. Hence an
# intermediate copy is identifiable from its children's text, as in real chains.
#   releads  alternative leads a rewriting desk may write (then rewords its own way)
#   names    local voices an outlet may quote
#   local    a local paragraph an outlet may add: (template, lo, hi), where {n}
#            is drawn from lo..hi, {name} from names and {outlet} is the outlet
OWN_EDITS = {
    "en-hydrogen-train": dict(
        releads=["Diesel smoke may soon disappear from the 102 tunnels of the Kalka-Shimla "
                 "railway after a hydrogen train built for hill routes passed its maiden trial.",
                 "Railway engineers spent Friday riding a hydrogen-powered train up the "
                 "Kalka-Shimla line, and said afterwards they had found no problems."],
        names=["Anil Sharma", "Pooja Verma", "Vikram Chauhan", "Sunita Negi", "Harish Thakur",
               "Kavita Rana"],
        local=[('Hoteliers in Shimla said a cleaner and quieter ride could draw more visitors. '
                '"Bookings for May are already up {n} percent," said {name}, who runs a guest '
                'house on the Mall Road.', 8, 35),
               ('The toy train, as the line is popularly known, has been a UNESCO World Heritage '
                'Site since 2008. {name}, a retired loco pilot from Solan, told {outlet} he had '
                'driven steam engines on the route {n} years ago.', 35, 52),
               ('Commuters who ride the line daily welcomed the trial but asked for more '
                'frequent services. "One train every {n} hours is not enough for us," said '
                '{name}, a schoolteacher from Dharampur.', 3, 6)]),
    "en-freight-rates": dict(
        releads=["The price of shipping a container from Shanghai to Rotterdam has jumped to "
                 "about $2,350 as ships wait days for a berth at Asian ports.",
                 "Importers in Europe face higher bills for goods from Asia after box freight "
                 "rates posted their biggest weekly rise in more than a year."],
        names=["Arjun Mehta", "Lim Wei Jie", "Farah Hassan", "Tomas Berg", "Nguyen Thi Lan",
               "Kevin Ong"],
        local=[('A Singapore furniture exporter said the higher rates would add about {n} '
                'percent to the landed cost of a sofa in Germany. "We cannot absorb that for '
                'long," said {name}, its logistics manager.', 3, 9),
               ('Truck drivers at Tanjong Pagar said they had waited up to {n} hours to collect '
                'empty boxes this week. "The queue goes round the block," said {name}, who hauls '
                'containers for a local forwarder.', 4, 11),
               ('{name}, an analyst at a regional brokerage, told {outlet} that listed shipping '
                'lines could post stronger first-quarter earnings if rates held at these levels '
                'for {n} more weeks.', 3, 8)]),
    "en-arctic-station": dict(
        releads=["Sea ice more than two metres thick has forced an icebreaker to abandon a "
                 "resupply run to a Russian research station in the high Arctic.",
                 "A Russian Arctic research station will have to stretch its stocks of food and "
                 "fuel after its supply ship failed to break through the ice."],
        names=["Sergei Volkov", "Anna Petrova", "Dmitry Kuznetsov", "Olga Smirnova", "Ivan Belov",
               "Yelena Morozova"],
        local=[('Relatives of the crew in Arkhangelsk said they had spoken to the researchers by '
                'satellite phone. "They are calm and joking about rationing coffee," said '
                '{name}, whose son is on his {n}th season at the station.', 4, 9),
               ('{name}, a polar researcher who spent two winters on the archipelago, told '
                '{outlet} that crews usually keep a reserve of at least {n} days of fuel for '
                'such delays.', 30, 60),
               ('Operators on the Northern Sea Route said they were watching the ice reports '
                'closely. {name}, who manages a fleet of {n} cargo ships, said spring sailings '
                'had not yet been changed.', 6, 24)]),
    "en-gorge-bridge": dict(
        releads=["A bridge hanging 565 metres above a river in Guizhou opened on Friday, giving "
                 "mountain villages a fast road link to the outside world.",
                 "China has opened another record-setting bridge in Guizhou, a province that "
                 "already holds nearly half of the world's 100 highest."],
        names=["Li Na", "Wang Jun", "Zhang Hui", "Chen Ming", "Liu Fang", "Yang Tao"],
        local=[('Tea grower {name}, who lives in a village on the far side of the gorge, said '
                'trucks could now collect the harvest in one morning. "Before, we lost {n} '
                'percent of the fresh leaves on the road," the grower said.', 10, 30),
               ('Tour operators in Guiyang said they had already added the bridge to weekend '
                'trips. {name}, who runs a travel agency in the city, told {outlet} that {n} '
                'groups had booked visits for April.', 12, 40),
               ('The bridge was designed to withstand winds of up to {n} metres per second. '
                '{name}, a structural engineer on the project, said the deck had been tested '
                'with loaded trucks before the opening.', 30, 45)]),
    "en-wheat-target": dict(
        releads=["Pakistan will buy 7.8 million tonnes of wheat from this year's harvest, about "
                 "400,000 tonnes more than last year, to rebuild its strategic reserves.",
                 "The government wants bigger wheat reserves to keep flour prices in check, and "
                 "on Monday it told the provinces to open their procurement centres on time."],
        names=["Muhammad Aslam", "Shazia Bibi", "Ghulam Rasool", "Naveed Akhtar", "Rubina Khan",
               "Imran Siddiqui"],
        local=[('Farmers in Okara welcomed the 72-hour payment rule but said centres often ran '
                'out of gunny bags. "Last year I waited {n} days for bags," said {name}, who '
                'grows wheat on twelve acres.', 4, 12),
               ('Flour mill owners in Rawalpindi said the higher target could ease prices in the '
                'summer. {name}, a member of the flour mills association, told {outlet} that '
                'mills held stocks for only {n} weeks.', 2, 6),
               ('In Hyderabad, growers said the dry spell had hit late-sown fields hardest. '
                '{name}, a farmer from Tando Allahyar, put the loss at about {n} maunds an '
                'acre.', 5, 14)]),
    "en-storm-evacuation": dict(
        releads=["A tropical storm packing winds of 95 kilometres per hour is due to hit "
                 "northern Luzon on Thursday, and more than 18,000 people have already left "
                 "their homes.",
                 "Schools are shut and fishing boats are tied up across Cagayan and Isabela as "
                 "the northern Philippines braces for the storm."],
        names=["Maria Santos", "Jose Reyes", "Ana Cruz", "Rodel Bautista", "Liza Mendoza",
               "Carlo Villanueva"],
        local=[('At an evacuation centre in Tuguegarao, volunteers were handing out rice and '
                'blankets. "We have room for {n} more families," said {name}, a barangay '
                'health worker.', 40, 150),
               ('{name}, a fisherman from Aparri, told {outlet} that boats had been pulled onto '
                'the beach and tied to coconut trees. "We lost {n} boats in last year\'s '
                'storm," the fisherman said.', 5, 30),
               ('Farmers in Isabela rushed to bring in their corn before the rains. {name}, '
                'who farms {n} hectares near Ilagan, said most of the crop was already dry '
                'enough to store.', 2, 9)]),
    "en-tea-auction": dict(
        releads=["Kenya's tea farmers face a leaner year after prices at the Mombasa auction "
                 "fell for a third week in a row.",
                 "Buyers from Pakistan and Egypt stayed away from this week's Mombasa tea "
                 "auction, pushing the average price down to $2.14 a kilogram."],
        names=["Wanjiru Kamau", "Otieno Odhiambo", "Njeri Mwangi", "Kiprono Kibet",
               "Achieng Atieno", "Mutua Musyoka"],
        local=[('In Kericho, smallholders said the lower prices had already reached them. "The '
                'factory now pays {n} shillings less for a kilogram of green leaf," said {name}, '
                'who has two acres of tea.', 2, 6),
               ('{name}, who chairs a growers\' cooperative in Nyeri, told {outlet} that about '
                '{n} members were thinking of selling their leaf directly to packers in '
                'Nairobi.', 120, 900),
               ('Exporters in Mombasa said warehouse space was filling up with unsold tea. '
                '{name}, a warehouse manager near the port, said stocks were {n} percent higher '
                'than a month ago.', 12, 40)]),
    "ru-metro-station": dict(
        releads=["Новая станция новосибирского метро «Спортивная» откроется на четыре месяца "
                 "позже, чем обещали: виноваты задержанные поставки эскалаторов.",
                 "Мэрия Новосибирска признала, что не успеет открыть станцию «Спортивная» к "
                 "лету, и назвала новый срок — октябрь."],
        names=["Ирина Соколова", "Алексей Громов", "Марина Ковалева", "Павел Лебедев",
               "Ольга Федорова", "Николай Зайцев"],
        local=[("Жители нового микрорайона на левом берегу устали от пробок. «Дорога до центра "
                "занимает у меня {n} минут», — говорит {name}, сотрудник районной поликлиники.",
                50, 95),
               ("«Подрядчик уже заплатил штраф в {n} миллионов рублей, и мы будем следить за "
                "сроками», — говорит депутат городского совета {name}.", 3, 12),
               ("Предприниматели, открывшие магазины у будущего входа в метро, надеются на "
                "осень. «Пока к нам заходят не больше {n} покупателей в день», — говорит "
                "{name}, владелец небольшой кофейни.", 20, 60)]),
    "ru-volcano-ash": dict(
        releads=["Пепел Шивелуча поднялся на восемь километров и накрыл поселок Ключи, для "
                 "авиации объявлен оранжевый код опасности.",
                 "Камчатский вулкан Шивелуч в четверг выбросил пепел на высоту до восьми "
                 "километров, в поселке Ключи отменены занятия в школе."],
        names=["Андрей Петров", "Светлана Ким", "Виктор Жуков", "Татьяна Орлова",
               "Сергей Белых", "Людмила Ткач"],
        local=[("Пепел лег на улицы Ключей слоем в несколько миллиметров. «За утро с крыши "
                "пришлось убрать почти {n} ведер пепла», — говорит {name}.", 10, 40),
               ("«На ближайшие {n} дней мы перенесли вертолетные экскурсии к вулкану», — "
                "говорит {name}, представитель одной из камчатских турфирм.", 3, 10),
               ("Вулканолог {name} в комментарии изданию «{outlet}» отмечает, что за последние "
                "{n} лет Шивелуч извергался особенно часто.", 5, 15)]),
    "ur-lahore-smog": dict(
        releads=["لاہور میں ایئر کوالٹی انڈیکس چار سو سے تجاوز کرنے کے بعد پنجاب حکومت نے "
                 "تعلیمی ادارے دو دن کے لیے بند کر دیے ہیں۔",
                 "اسموگ کی موٹی تہہ نے لاہور کو ڈھانپ لیا ہے اور کئی علاقوں میں حد نگاہ دو سو "
                 "میٹر سے بھی کم رہ گئی ہے۔"],
        names=["محمد عمران", "فاطمہ بی بی", "احمد رضا", "سعدیہ نواز", "علی حیدر", "نسرین اختر"],
        local=[("گلبرگ کے رہائشی {name} نے {outlet} کو بتایا کہ ان کے بچوں کو {n} دن سے کھانسی "
                "ہے اور وہ انہیں گھر سے باہر نہیں جانے دے رہے۔", 3, 12),
               ("شاہدرہ کے ایک نجی اسکول کے پرنسپل {name} کا کہنا تھا کہ بار بار کی بندش سے "
                "طلبہ کی پڑھائی متاثر ہو رہی ہے اور اس ماہ اسکول {n} دن بند رہ چکا ہے۔", 4, 9),
               ("رکشہ ڈرائیور {name} نے کہا کہ دھوئیں سے آنکھوں میں جلن رہتی ہے مگر روزی کے "
                "لیے روزانہ {n} گھنٹے سڑک پر رہنا پڑتا ہے۔", 8, 14)]),
    "ur-karachi-water": dict(
        releads=["دھابیجی پمپنگ اسٹیشن پر بجلی کی بار بار بندش نے کراچی کے کئی علاقوں کو "
                 "پانچ روز سے پانی سے محروم کر رکھا ہے۔",
                 "کراچی میں پانی کا بحران شدت اختیار کر گیا ہے اور واٹر کارپوریشن نے سرکاری "
                 "ٹینکر سروس کے اوقات بڑھا دیے ہیں۔"],
        names=["محمد سلیم", "شبانہ پروین", "عبدالرحمان", "زاہدہ خاتون", "فیصل قریشی", "راشد محمود"],
        local=[("نارتھ کراچی کی رہائشی {name} نے {outlet} کو بتایا کہ محلے میں ایک ٹینکر کے "
                "لیے {n} گھنٹے انتظار کرنا پڑتا ہے۔", 5, 20),
               ("کورنگی کے دکاندار {name} کا کہنا تھا کہ پانی نہ ہونے کے باعث وہ {n} دن سے "
                "اپنی دکان آدھے دن کے لیے بند رکھ رہے ہیں۔", 3, 6),
               ("گلشن اقبال کی ایک مسجد کے متولی {name} نے کہا کہ نمازیوں کے لیے پانی خریدنے "
                "پر روزانہ {n} ہزار روپے خرچ ہو رہے ہیں۔", 2, 9)]),
    "zh-yunnan-coffee": dict(
        releads=["今年前两个月，云南咖啡豆出口量同比增长约三成，德国、比利时和韩国是主要买家。",
                 "从卖生豆到做品牌，云南咖啡农正在尝到精品化带来的甜头。"],
        names=["李建国", "张丽", "刘强", "杨梅", "赵云飞", "周小红"],
        local=[("在保山市，咖啡种植户{name}告诉{outlet}记者，自家今年的精品咖啡种植面积已扩大到{n}亩。",
                12, 60),
               ("昆明一家咖啡馆的店主{name}说，本地烘焙的云南豆越来越受年轻顾客欢迎，店里每月能卖出{n}公斤。",
                30, 120),
               ("普洱一家咖啡加工厂的技术员{name}称，工厂今年新增了{n}台烘焙设备，以满足出口订单需求。",
                2, 8)]),
    "zh-harbin-ice": dict(
        releads=["约3100万人次、约410亿元，哈尔滨刚刚结束的冰雪旅游季交出了历史最好成绩。",
                 "冰雪大世界扩容、旅游专线加密，哈尔滨今冬迎来创纪录的游客潮。"],
        names=["王磊", "孙悦", "马丽娜", "郭涛", "高婷", "何志强"],
        local=[("中央大街一家餐馆的老板{name}告诉{outlet}，冰雪季期间店里每天接待的客人比往年多出{n}成。",
                2, 5),
               ("出租车司机{name}说，今年冬天几乎每天都要往返机场和冰雪大世界{n}趟，“南方口音的乘客特别多”。",
                3, 6),
               ("在松花江边经营冰雪娱乐项目的{name}称，今年冰滑梯最长排队时间超过{n}小时。", 2, 5)]),
    "es-potato-frost": dict(
        releads=["Temperaturas de hasta quince grados bajo cero arruinaron cerca de 28.000 "
                 "hectáreas de papa en Puno y Cusco.",
                 "El Gobierno peruano entregará semillas, abono y un bono de emergencia a los "
                 "campesinos que perdieron su papa por las heladas."],
        names=["Rosa Mamani", "Juan Condori", "Elena Huamán", "Pedro Choque", "Lucía Apaza",
               "Mario Ccama"],
        local=[('En la comunidad de Ilave, {name} contó a {outlet} que la helada arruinó {n} de '
                'sus cinco parcelas. "Ahora tendremos que comprar papa en el mercado", dijo.',
                2, 4),
               ('El alcalde distrital de Macusani, {name}, pidió que la ayuda llegue antes de fin '
                'de mes y estimó en {n} el número de familias afectadas en su distrito.',
                900, 2600),
               ('El comerciante {name}, del mercado de Juliaca, señaló que el kilo de papa nativa '
                'ya subió {n} céntimos en una semana.', 20, 70)]),
}

# Light rewording: a word or phrase and the replacements an editor may pick.
# Each copy picks its own words and its own replacements.
SYNONYMS = {
    "en": [("said", ["noted", "stated", "added"]), ("says", ["notes", "states"]),
           ("officials", ["authorities", "officers"]), ("people", ["residents", "persons"]),
           ("began", ["started", "got under way"]), ("expected", ["projected", "forecast"]),
           ("about", ["around", "roughly", "some"]), ("more than", ["over", "upwards of"]),
           ("increase", ["rise", "jump"]), ("reduced", ["cut", "lowered"]),
           ("according to", ["as per", "citing"]), ("planned", ["scheduled", "set"]),
           ("warned", ["cautioned", "alerted"]), ("ordered", ["instructed", "told"]),
           ("built", ["constructed", "made"]), ("rose", ["climbed", "increased"]),
           ("fell", ["declined", "slid"]), ("dropped", ["slipped", "fell"]),
           ("nearly", ["almost", "close to"]), ("meeting", ["session", "huddle"]),
           ("decided", ["resolved", "agreed"]), ("directed", ["asked", "instructed"]),
           ("country", ["nation"]), ("farmers", ["growers", "cultivators"]),
           ("workers", ["labourers", "staff"]), ("help", ["assistance", "support"]),
           ("closed", ["shut"]), ("statement", ["press release", "release"]),
           ("on Friday", ["on Friday afternoon", "this Friday"]),
           ("on Monday", ["earlier on Monday", "this Monday"]),
           ("buyers", ["purchasers", "importers"]), ("largest", ["biggest"]),
           ("several", ["a number of", "various"]), ("also", ["further", "additionally"])],
    "ru": [("сообщил", ["заявил", "рассказал"]), ("сказал", ["отметил", "подчеркнул"]),
           ("около", ["примерно", "порядка"]), ("более", ["свыше"]),
           ("однако", ["но", "тем не менее"]), ("жители", ["горожане", "местные жители"]),
           ("перенесено", ["отложено", "сдвинуто"]), ("зафиксирован", ["отмечен"]),
           ("рекомендовано", ["советуют"]), ("остается", ["по-прежнему является"]),
           ("ученые", ["специалисты", "исследователи"]), ("сообщили", ["рассказали"]),
           ("пока", ["до сих пор"]), ("составляет", ["достигает"])],
    "ur": [("نے کہا کہ", ["نے بتایا کہ", "کا کہنا تھا کہ"]), ("تقریباً", ["لگ بھگ", "قریب"]),
           ("شہریوں", ["لوگوں", "عوام"]), ("اعلان کیا ہے", ["اعلان کر دیا ہے"]),
           ("متوقع ہے", ["امکان ہے"]), ("اضافہ", ["بڑھوتری"]), ("حکام", ["عہدیداروں", "افسران"]),
           ("ہدایت", ["تاکید"]), ("شدید", ["سخت"]), ("گزشتہ", ["پچھلے"])],
    "zh": [("表示", ["指出", "称"]), ("目前", ["当前"]), ("增长", ["增加", "上涨"]),
           ("预计", ["预估", "预测"]), ("大约", ["约"]), ("游客", ["旅客"]), ("出口", ["外销"]),
           ("介绍", ["说"]), ("不断", ["持续"]), ("明显", ["显著"]), ("记者", ["本报记者"]),
           ("提高", ["提升"]), ("主要", ["大多"])],
    "es": [("dijo", ["afirmó", "explicó"]), ("informó", ["señaló", "indicó"]),
           ("agricultores", ["campesinos", "productores"]), ("cerca de", ["alrededor de"]),
           ("además", ["también"]), ("anunció", ["dio a conocer"]),
           ("afectadas", ["perjudicadas"]), ("según", ["de acuerdo con"]),
           ("reclamaron", ["pidieron", "exigieron"])],
}


MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
MONTHS_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля",
             "августа", "сентября", "октября", "ноября", "декабря"]
MONTHS_UR = ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست",
             "ستمبر", "اکتوبر", "نومبر", "دسمبر"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
             "agosto", "septiembre", "octubre", "noviembre", "diciembre"]

# A sentence ends at . ! ? (or such a mark followed by a closing quote), not at
# a closing quote inside a sentence ('"...," said Tan').
SENTENCE_END = {"en": r"(?<=[.!?])\s+|(?<=[.!?][\"”])\s+",
                "ru": r"(?<=[.!?])\s+|(?<=[.!?]»)\s+",
                "es": r"(?<=[.!?])\s+|(?<=[.!?][\"”])\s+",
                "ur": r"(?<=۔)\s*", "zh": r"(?<=[。！？])(?!”)|(?<=[。！？]”)"}


# ---------------------------------------------------------------------------
# Text helpers.
# ---------------------------------------------------------------------------

def paragraphs(text):
    return [p.strip() for p in text.strip().split("\n\n") if p.strip()]


def sentences(par, lang):
    return [s for s in re.split(SENTENCE_END[lang], par) if s.strip()]


def join_sentences(parts, lang):
    return ("" if lang == "zh" else " ").join(p.strip() for p in parts)


def first_sentence(par, lang):
    return sentences(par, lang)[0].strip()


def snippet(par, lang):
    """The start of a page's lead, as teaser blocks show it (cut mid-sentence)."""
    s = first_sentence(par, lang)
    limit = 46 if lang == "zh" else 150
    if len(s) <= limit:
        return s
    cut = s[:limit]
    if lang != "zh" and " " in cut:
        cut = cut[:cut.rfind(" ")]
    return cut


def sub_word(text, old, new, lang):
    """Replaces `old` as a whole word (substring for Chinese), keeping a capital."""
    if lang == "zh":
        return text.replace(old, new, 1)
    pattern = re.compile(r"(?<!\w)" + re.escape(old) + r"(?!\w)", re.IGNORECASE)

    def repl(m):
        return new[:1].upper() + new[1:] if m.group(0)[:1].isupper() else new
    return pattern.sub(repl, text, count=1)


def has_word(text, word, lang):
    if lang == "zh":
        return word in text
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, re.IGNORECASE) is not None


def swap_words(rng, s, lang, most=2):
    """An editor's light rewording of one sentence: up to `most` of the words it
    holds from SYNONYMS, each replaced by a replacement of the editor's choice."""
    found = [(old, alts) for old, alts in SYNONYMS[lang] if has_word(s, old, lang)]
    rng.shuffle(found)
    for old, alts in found[:most]:
        s = sub_word(s, old, rng.choice(alts), lang)
    return s


def reword(rng, paras, lang, share, dateline=""):
    """Rewords about `share` of the sentences (never the dateline)."""
    out = []
    for par in paras:
        head = ""
        if dateline and par.startswith(dateline):
            head, par = dateline, par[len(dateline):]
        parts = sentences(par, lang)
        for i, s in enumerate(parts):
            if rng.random() < share:
                parts[i] = swap_words(rng, s, lang)
        out.append(head + join_sentences(parts, lang))
    return out


def add_inline_credit(par, lang, phrase, last=False):
    """'…, reported Sputnik.' at the end of the paragraph's first (or last) sentence."""
    parts = sentences(par, lang)
    k = len(parts) - 1 if last else 0
    s = parts[k].rstrip()
    if s.endswith(".") and not s.endswith("»."):
        parts[k] = s[:-1] + ", " + phrase + "."
    else:
        parts[k] = s + " " + phrase[:1].upper() + phrase[1:] + "."
    return join_sentences(parts, lang)


def slugify(title):
    t = unicodedata.normalize("NFKD", title)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", t)
    return "-".join(words[:9])


def tz_of(zone):
    if zone == "Z":
        return dt.timezone.utc
    sign = 1 if zone[0] == "+" else -1
    h, m = int(zone[1:3]), int(zone[4:6])
    return dt.timezone(sign * dt.timedelta(hours=h, minutes=m))


def shingles(text, k=5, chars=False):
    toks = re.findall(r"\w+", text.lower())
    if chars:
        toks = [c for t in toks for c in t]
    return {tuple(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


# ---------------------------------------------------------------------------
# The corpus model.
# ---------------------------------------------------------------------------

class Doc:
    def __init__(self, **kw):
        self.parents = []
        self.releaded = False
        self.distinctive = False
        self.depth = 0
        self.kind = "copy"
        self.dateline = ""
        self.lead_index = 0
        self.__dict__.update(kw)


class Generator:
    def __init__(self, seed):
        self.seed = seed
        self.docs = []
        self.used_ids = set()
        self.tail_lines = set()  # credit lines added as paragraphs of their own
        self.outlets = {}
        for lang, rows in OUTLETS_BY_LANG.items():
            for name, domain, zone, family, section in rows:
                self.outlets[name] = self.make_outlet(lang, name, domain, zone, family, section)

    def stream(self, *parts):
        """The random stream of one decision maker: an outlet's style, a story's
        tree, one copy's edits, one page's template. Each copy edits with its own
        stream, so what it writes does not depend on what its siblings drew, and
        adding or changing one copy does not reshuffle the others. Seeding with a
        string is stable across runs and platforms (SHA-512 of the string)."""
        return random.Random("/".join(str(p) for p in (self.seed,) + parts))

    # -- outlets ------------------------------------------------------------
    def make_outlet(self, lang, name, domain, zone, family, section):
        r = self.stream("outlet", name)
        style = dict(
            quotes=r.choice(["straight", "curly", "curly"]),
            dash=r.choice(["keep", "en", "em"]),
            entities=r.random() < 0.3,
            nbsp=r.random() < 0.3,
            wrap=r.choice([0, 0, 0, 68, 72, 76]) if lang != "zh" else 0,
            html=r.random() < 0.25,
            title_case=lang == "en" and r.random() < 0.3,
        )
        prefix = re.sub(r"[^a-z]", "", domain.split(".")[0])[:6]
        return dict(name=name, lang=lang, domain=domain, zone=zone, family=family,
                    section=section, style=style, prefix=prefix,
                    numeric_ids=(name == "Daily Meridian"),
                    byline=r.choice(["Staff Reporter", "Web Desk", "News Desk",
                                     "Our Correspondent"]),
                    pages=[])

    def new_id(self, rng, outlet=None, agency=None):
        while True:
            if outlet is not None and outlet["numeric_ids"]:
                new = rng.randint(100000, 999999)
            elif outlet is not None:
                new = "%s-%06x" % (outlet["prefix"], rng.getrandbits(24))
            else:
                new = "%s-%05d" % (AGENCIES[agency]["prefix"], rng.randint(1, 99999))
            if str(new) not in self.used_ids:
                self.used_ids.add(str(new))
                return new

    # -- time ---------------------------------------------------------------
    @staticmethod
    def publish_after(rng, parents_time, zone):
        delay = dt.timedelta(minutes=rng.randint(25, 30 * 60))
        return (parents_time + delay).astimezone(tz_of(zone))

    @staticmethod
    def publish_format(rng):
        x = rng.random()
        return "datetime" if x < 0.84 else ("date" if x < 0.95 else "none")

    # -- stories --------------------------------------------------------------
    def build_story(self, story):
        r = self.stream("tree", story["key"])
        agency = AGENCIES[story["agency"]]
        paras = paragraphs(story["text"])
        paras[0] = story["dateline"] + paras[0]
        root = Doc(id=self.new_id(r, agency=story["agency"]), story=story["key"],
                   lang=story["lang"], source=story["agency"], outlet=None,
                   agency=story["agency"], title=story["title"], paras=paras,
                   dateline=story["dateline"], kind="root",
                   time=dt.datetime.fromisoformat(story["when"].replace("Z", "+00:00")),
                   pub="datetime", distinctive=True)
        self.docs.append(root)
        tree = [root]
        lo, hi = COPIES_PER_STORY[story["lang"]]
        outlets = [o for o in self.outlets.values() if o["lang"] == story["lang"]]
        r.shuffle(outlets)
        # What desks write themselves is their own: two outlets never write
        # the same new lead or the same local paragraph. Each copy draws from
        # what no earlier copy of the story has used.
        unused = dict(releads=[story["relead"]] + OWN_EDITS[story["key"]]["releads"],
                      local=list(OWN_EDITS[story["key"]]["local"]))
        for n, outlet in enumerate(outlets[:r.randint(lo, hi)]):
            intermediates = [d for d in tree[1:] if d.distinctive and d.depth < 3]
            if intermediates and r.random() < 0.4:
                parent = r.choice(intermediates)
            else:
                parent = root
            own = self.stream("copy", story["key"], n)
            tree.append(self.make_copy(own, story, parent, outlet, unused))
        return tree

    def make_copy(self, r, story, parent, outlet, unused):
        """`outlet` copies `parent`, editing it with its own random stream `r`;
        what it writes itself comes from `unused`, which it takes from."""
        lang = story["lang"]
        agency = AGENCIES[story["agency"]]
        names = OWN_EDITS[story["key"]]["names"]
        paras = list(parent.paras)
        from_root = parent.kind == "root"
        releaded = parent.releaded
        marks = []
        # The dateline still at the head of the body, if any.
        dateline = parent.dateline if parent.dateline and paras[0].startswith(parent.dateline) else ""

        def drop_dateline():
            nonlocal dateline
            if dateline and paras[0].startswith(dateline):
                paras[0] = paras[0][len(dateline):]
            dateline = ""

        # Datelines are often dropped; a new lead always drops it.
        if dateline and r.random() < 0.55:
            drop_dateline()
        # A new lead: one the desk writes from the story's facts (worded its own
        # way) or, as on the seed page, a later sentence repeated with the
        # outlet's own credit.
        if r.random() < 0.4 and not releaded:
            if r.random() < 0.5 and unused["releads"]:
                lead = unused["releads"].pop(r.randrange(len(unused["releads"])))
                if r.random() < 0.7:
                    lead = swap_words(r, lead, lang)
            else:
                src = paras[r.randint(1, min(3, len(paras) - 1))]
                lead = self.outlet_lead(first_sentence(src, lang), outlet)
            drop_dateline()
            if from_root and r.random() < 0.35:
                paras[0] = lead
            else:
                paras.insert(0, lead)
            releaded = True
            marks.append("relead")

        def story_end():
            """Where the story ends and the credit lines below it begin."""
            k = len(paras)
            while k > 1 and (paras[k - 1] in self.tail_lines or paras[k - 1].startswith("(Reporting by")):
                k -= 1
            return k

        # Reordering below the lead (credit lines stay at the bottom).
        end = story_end()
        if end >= 5 and r.random() < 0.3:
            p = paras.pop(r.randint(2, end - 1))
            paras.insert(r.randint(1, end - 2), p)
            marks.append("reorder")
        # Newspapers cut from the bottom and keep the lead; some also drop a
        # paragraph in the middle.
        keep_min = 3 if releaded else 2
        if len(paras) > keep_min + 1 and r.random() < 0.6:
            k = max(keep_min, round(len(paras) * r.uniform(0.35, 0.8)))
            if k < len(paras):
                paras = paras[:k]
                marks.append("trim")
        elif paras and paras[-1].startswith("(Reporting by") and r.random() < 0.6:
            paras = paras[:-1]
        end = story_end()
        if end > keep_min + 2 and r.random() < 0.15:
            del paras[r.randint(keep_min, end - 2)]
            marks.append("cut")
        # A paragraph of the outlet's own: a local voice, a local angle.
        if r.random() < 0.3 and unused["local"]:
            template, lo, hi = unused["local"].pop(r.randrange(len(unused["local"])))
            par = template.format(n=r.randint(lo, hi), name=r.choice(names),
                                  outlet=outlet["name"])
            # Below the lead and below where an inline credit may go.
            first = 3 if releaded else 2
            last = story_end()
            paras.insert(r.randint(min(first, last), last), par)
            marks.append("local")
        if r.random() < 0.45:
            paras = reword(r, paras, lang, r.uniform(0.3, 0.7), dateline)
            marks.append("reword")
        # Credit lines, in the outlet's own phrasing and place.
        x = r.random()
        forms = [("end", f) for f in agency["end"]] + \
                [("inline", f) for f in agency["inline"]] + \
                [("start", f) for f in agency["start"]]
        body = "\n".join(paras)[len(dateline):]
        if not from_root and x < 0.2:
            paras.append(self.courtesy(parent, lang))
            self.tail_lines.add(paras[-1])
            marks.append("credit")
        elif x < 0.6 and not any(f in body for _, f in forms):
            kind, phrase = r.choice(forms)
            end = story_end()
            j = 1 if releaded and end > 1 else 0
            if kind == "end":
                if dateline:
                    pass  # the dateline already credits the agency
                elif lang == "zh" or (phrase[0] in "(—" and r.random() < 0.7):
                    paras[end - 1] = paras[end - 1] + ("" if lang == "zh" else " ") + phrase
                    marks.append("credit")
                else:
                    paras.append(phrase)
                    self.tail_lines.add(phrase)
                    marks.append("credit")
            else:
                if kind == "inline" and end > j + 1 and r.random() < 0.3:
                    j += 1
                # An inline or opening credit takes the dateline's place.
                if j == 0:
                    drop_dateline()
                if kind == "inline":
                    paras[j] = add_inline_credit(paras[j], lang, phrase, last=r.random() < 0.3)
                else:
                    paras[j] = phrase + ("" if lang == "zh" else " ") + paras[j]
                marks.append("credit")
        elif 0.6 <= x < 0.75:
            phrase = r.choice(GENERIC_CREDITS[lang])
            if not any(phrase in p for p in paras):
                paras.append(phrase)
                self.tail_lines.add(phrase)
                marks.append("credit")
        if r.random() < 0.55:
            title = parent.title
        else:
            title = r.choice([story["title"]] + story["alt_titles"])
        if not marks:
            paras = reword(r, paras, lang, 0.6, dateline)
            marks.append("reword")
        doc = Doc(id=self.new_id(r, outlet=outlet), story=story["key"], lang=lang,
                  source=outlet["name"], outlet=outlet, agency=story["agency"],
                  title=title, paras=paras, dateline=parent.dateline,
                  parents=[parent.id], depth=parent.depth + 1, releaded=releaded,
                  distinctive=bool({"relead", "reword", "credit", "local"} & set(marks)),
                  marks=marks, time=self.publish_after(r, parent.time, outlet["zone"]),
                  pub=self.publish_format(r))
        self.docs.append(doc)
        return doc

    def outlet_lead(self, sentence, outlet):
        name, lang = outlet["name"], outlet["lang"]
        s = sentence.rstrip()
        if lang == "en":
            return s.rstrip(".") + "….reports " + name
        if lang == "ru":
            return s.rstrip(".") + ", пишет «" + name + "»."
        if lang == "ur":
            return name + " کے مطابق " + s
        if lang == "zh":
            return s + "（" + name + "讯）"
        return s.rstrip(".") + ", informa " + name + "."

    def courtesy(self, parent, lang):
        name = parent.source
        return {"en": "(Courtesy: %s)" % name, "ru": "Источник: «%s»." % name,
                "ur": "(بشکریہ %s)" % name, "zh": "（来源：%s）" % name,
                "es": "Fuente: %s." % name}[lang]

    def make_composite(self, major_tree, minor_tree, lang):
        r = self.stream("composite", major_tree[0].story, minor_tree[0].story)
        a = r.choice(major_tree)
        b = r.choice(minor_tree)
        used = {d.source for d in major_tree + minor_tree}
        outlets = [o for o in self.outlets.values() if o["lang"] == lang and o["name"] not in used] \
            or [o for o in self.outlets.values() if o["lang"] == lang]
        outlet = r.choice(outlets)
        part_a = a.paras[:max(3, -(-len(a.paras) * 3 // 5))]
        part_b = b.paras[:max(2, len(b.paras) * 2 // 5)]
        while len(part_b) > 1 and sum(map(len, part_b)) >= 0.8 * sum(map(len, part_a)):
            part_b = part_b[:-1]
        # The second story comes under its own subheading, as on the seed page.
        sub = b.title if len(b.title) < 60 else b.title.split(",")[0]
        paras = list(part_a) + [sub] + list(part_b)
        if a.dateline and paras[0].startswith(a.dateline):
            paras[0] = paras[0][len(a.dateline):]
        doc = Doc(id=self.new_id(r, outlet=outlet), story=a.story, lang=lang,
                  source=outlet["name"], outlet=outlet, agency=a.agency, title=a.title,
                  paras=paras, parents=[a.id, b.id], kind="composite", marks=["composite"],
                  depth=max(a.depth, b.depth) + 1,
                  time=self.publish_after(r, max(a.time, b.time), outlet["zone"]),
                  pub=self.publish_format(r))
        self.docs.append(doc)
        return doc

    def make_unrelated(self, lang, title, text, outlet):
        r = self.stream("page", title)
        start = dt.datetime(2023, 3, 1, tzinfo=dt.timezone.utc)
        t = start + dt.timedelta(minutes=r.randint(0, 20 * 24 * 60))
        doc = Doc(id=self.new_id(r, outlet=outlet), story=None, lang=lang,
                  source=outlet["name"], outlet=outlet, agency=None, title=title,
                  paras=paragraphs(text), kind="unrelated", marks=[],
                  time=t.astimezone(tz_of(outlet["zone"])), pub=self.publish_format(r))
        self.docs.append(doc)
        return doc


# ---------------------------------------------------------------------------
# Rendering: typography and per-outlet page templates.
# ---------------------------------------------------------------------------

def typeset(text, style, lang):
    if style["quotes"] == "curly" and lang in ("en", "es"):
        text = re.sub(r'(^|[\s(\[])"', "\\1“", text)
        text = text.replace('"', "”").replace("'", "’")
    elif style["quotes"] == "straight":
        for a, b in (("“", '"'), ("”", '"'), ("’", "'"), ("«", '"'), ("»", '"')):
            text = text.replace(a, b)
    if style["dash"] == "en":
        text = text.replace(" -- ", " – ").replace(" - ", " – ")
    elif style["dash"] == "em":
        text = text.replace(" -- ", " — ").replace(" - ", " — ")
    if style["nbsp"]:
        text = re.sub(r"(\d) (?=\w)", "\\1\u00a0", text)
    if style["entities"]:
        text = text.replace("&", "&amp;")
        for ch, ent in (("’", "&#8217;"), ("“", "&#8220;"), ("”", "&#8221;"),
                        ("—", "&#8212;"), ("–", "&#8211;")):
            text = text.replace(ch, ent)
    return text


def wrap(par, width):
    lines, line = [], ""
    for word in par.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = word if not line else line + " " + word
    lines.append(line)
    return "\n".join(lines)


def date_str(t, lang):
    y, m, d = t.year, t.month, t.day
    return {"en": "%s %d, %d" % (MONTHS_EN[m - 1], d, y),
            "ru": "%d %s %d" % (d, MONTHS_RU[m - 1], y),
            "ur": "%d %s %d" % (d, MONTHS_UR[m - 1], y),
            "zh": "%d年%d月%d日" % (y, m, d),
            "es": "%d de %s de %d" % (d, MONTHS_ES[m - 1], y)}[lang]


def title_case(title):
    return " ".join(w[:1].upper() + w[1:] if len(w) > 3 else w for w in title.split(" "))


def render_page(rng, doc):
    """Returns the page text of `doc`: its outlet's template around the body."""
    lang = doc.lang
    if doc.outlet is None:  # the agency's own wire page
        header = "%s | %s %s" % (doc.source, date_str(doc.time, lang),
                                 doc.time.strftime("%H:%M"))
        return "\n\n".join([header] + doc.paras)
    outlet, style = doc.outlet, doc.outlet["style"]
    body = [typeset(p, style, lang) for p in doc.paras]
    if style["wrap"]:
        body = [wrap(p, style["wrap"]) for p in body]
    if style["html"]:
        body = ["<p>%s</p>" % p for p in body]
    pages = outlet["pages"]
    i = pages.index(doc)
    others = pages[:i] + pages[i + 1:]
    before = list(reversed(pages[:i]))
    latest = (before + pages[i + 1:])[:2]
    rest = [p for p in others if p not in latest]
    more = rng.sample(rest, min(3, len(rest)))
    prev_page = pages[i - 1] if i > 0 else None
    next_page = pages[i + 1] if i + 1 < len(pages) else None
    name, section = outlet["name"], outlet["section"]
    y = doc.time.year
    date = date_str(doc.time, lang)
    title = title_case(doc.title) if style["title_case"] else doc.title

    def teaser(p, short=False):
        s = p.teaser_snippet
        if short:
            s = s[:20] if lang == "zh" else " ".join(s.split(" ")[:10])
        return p.title + "\n\n" + s

    def prev_next(label_prev, label_next, sep="\n\n"):
        out = []
        if prev_page:
            out.append(label_prev + sep + prev_page.title)
        if next_page:
            out.append(label_next + sep + next_page.title)
        return out

    fam = outlet["family"]
    blocks = []
    if fam == "A":
        minutes = max(1, len(" ".join(doc.paras).split()) // 200 + 1)
        blocks = [date + "\n" + "%d mins read" % minutes, title] + body
        if more and rng.random() < 0.7:
            blocks.append("ALSO READ: " + more[0].title)
        blocks += prev_next("Previous Story", "Next Story")
        blocks.append("Latest from -" + section)
        blocks += [teaser(p) for p in latest]
        blocks[-1] += "\nGo toTop"
        if more:
            blocks.append("Don't Miss")
            blocks += [teaser(p, short=True) for p in more[:2]]
    elif fam == "B":
        blocks = ["%s | Home | National | World | Business | Sports | Opinion | E-Paper" % name,
                  title, "Published: %s | By %s" % (date, outlet["byline"])] + body
        blocks.append("Share this: Facebook | X | WhatsApp | LinkedIn | Email")
        blocks.append("Related Stories")
        blocks += [teaser(p) for p in latest]
        if more:
            blocks.append("Most Read\n" + "\n".join(
                "%d. %s" % (k + 1, p.title) for k, p in enumerate(more)))
        blocks.append("© %d %s. All rights reserved. | About Us | Privacy Policy | "
                      "Terms of Use | Contact" % (y, name))
    elif fam == "C":
        blocks = ["Home » %s » %s" % (section, title), title, "%s | %s" % (name, date)] + body
        blocks.append("Tags: %s, %s" % (section, outlet["byline"]))
        blocks.append("Also Read")
        blocks += ["%s — %s" % (p.title, p.teaser_snippet) for p in latest]
        if more:
            blocks.append("Trending Now\n" + "\n".join(p.title for p in more))
        blocks.append("Follow %s on Facebook, Twitter and Instagram for the latest news "
                      "and updates." % name)
        blocks.append("Copyright © %d %s" % (y, name))
    elif fam == "R":
        blocks = ["Главная / Новости / " + section, title,
                  "%s, %s" % (date, doc.time.strftime("%H:%M"))] + body
        if more:
            blocks.append("Читайте также: " + more[0].title)
        blocks.append("Поделиться: ВКонтакте Одноклассники Telegram")
        blocks += prev_next("Предыдущая новость", "Следующая новость")
        blocks.append("Последние новости")
        blocks += [teaser(p) for p in latest]
        blocks.append("© %s, %d. Все права защищены. При использовании материалов "
                      "гиперссылка обязательна." % (name, y))
    elif fam == "U":
        blocks = ["صفحہ اول | پاکستان | بین الاقوامی | کاروبار | کھیل | شوبز", title, date] + body
        if more:
            blocks.append("یہ بھی پڑھیں: " + more[0].title)
        blocks.append("شیئر کریں: فیس بک ٹوئٹر واٹس ایپ")
        blocks += prev_next("پچھلی خبر", "اگلی خبر")
        blocks.append("تازہ ترین")
        blocks += [teaser(p) for p in latest]
        blocks.append("جملہ حقوق محفوظ ہیں © %d %s" % (y, name))
    elif fam == "Z":
        blocks = ["首页 > 新闻 > " + section, title,
                  "%s %s 来源：%s" % (date, doc.time.strftime("%H:%M"), name)] + body
        blocks.append("责任编辑：" + rng.choice(["张伟", "刘洋", "陈静"]))
        blocks += prev_next("上一篇：", "下一篇：", sep="")
        blocks.append("相关新闻")
        blocks += [teaser(p) for p in latest]
        blocks.append("分享到：微信 微博 QQ空间")
        blocks.append("版权所有 © %d %s 未经授权禁止转载" % (y, name))
    elif fam == "S":
        blocks = ["Inicio › " + section, title, date] + body
        if more:
            blocks.append("Lee también: " + more[0].title)
        blocks.append("Compartir: Facebook Twitter WhatsApp")
        blocks += prev_next("Noticia anterior", "Siguiente noticia")
        blocks.append("Lo último")
        blocks += [teaser(p) for p in latest]
        blocks.append("© %d %s. Todos los derechos reservados." % (y, name))
    text = "\n\n".join(blocks)
    return text.replace("\n\n", "\n") if style["html"] else text


# ---------------------------------------------------------------------------
# Building, checking and writing the corpus.
# ---------------------------------------------------------------------------

def published_str(rng, doc, by_id):
    if doc.pub == "none":
        return None
    if doc.pub == "date":
        # A date-only copy must not look older than its parent's date.
        if all(doc.time.date() >= by_id[p].time.date() for p in doc.parents):
            return doc.time.date().isoformat()
    s = doc.time.isoformat(timespec="seconds")
    if s.endswith("+00:00") and rng.random() < 0.6:
        s = s[:-6] + "Z"
    return s


def url_of(doc):
    if doc.outlet is None:
        domain = AGENCIES[doc.source]["domain"]
    else:
        domain = doc.outlet["domain"]
    slug = slugify(doc.title) if doc.lang in ("en", "es") else ""
    t = doc.time
    if not slug:
        slug = "%d" % (abs(hash_str(str(doc.id))) % 10**7)
    return "https://%s/%04d/%02d/%02d/%s" % (domain, t.year, t.month, t.day, slug)


def hash_str(s):
    # Stable across runs (Python's hash() of str is salted per process).
    h = 1469598103934665603
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 1099511628211) % (1 << 64)
    return h


def body_shingles(doc):
    return shingles("\n".join(doc.paras), chars=(doc.lang == "zh"))


def build(seed):
    g = Generator(seed)
    by_key = {s["key"]: s for s in STORIES}
    trees = {s["key"]: g.build_story(s) for s in STORIES}
    for major, minor in COMPOSITES:
        g.make_composite(trees[major], trees[minor], by_key[major]["lang"])
    shorts_by_lang = {}
    for lang, title, text in SHORTS:
        shorts_by_lang.setdefault(lang, []).append((title, text))
    for lang, items in shorts_by_lang.items():
        outlets = [o for o in g.outlets.values() if o["lang"] == lang]
        g.stream("unrelated", lang).shuffle(outlets)
        for k, (title, text) in enumerate(items):
            g.make_unrelated(lang, title, text, outlets[k % len(outlets)])

    docs = g.docs
    by_id = {str(d.id): d for d in docs}
    for d in docs:
        d.parents = [str(p) for p in d.parents]
        d.cluster = d.story if d.story else "page-%s" % d.id
        lead = d.paras[0]
        if d.dateline and lead.startswith(d.dateline):
            lead = lead[len(d.dateline):]
        d.teaser_snippet = snippet(lead, d.lang)
        if d.outlet is not None:
            d.outlet["pages"].append(d)
    for o in g.outlets.values():
        o["pages"].sort(key=lambda p: (p.time, str(p.id)))
    for d in docs:
        d.text = render_page(g.stream("render", d.id), d)
        d.published = published_str(g.stream("published", d.id), d, by_id)
        d.url = url_of(d)
    docs.sort(key=lambda d: (d.time, str(d.id)))
    return g, docs, by_id


def check_and_report(docs, by_id):
    """Verifies the properties docs/design.md asks of the sample; returns the report."""
    problems = []
    roots = {d.story: d for d in docs if d.kind == "root"}
    sh = {str(d.id): body_shingles(d) for d in docs}
    # Every member of a gold cluster shares text with the cluster's root, so no
    # cluster holds together only through a chain.
    for d in docs:
        if d.story and d.kind != "root":
            shared = len(sh[str(d.id)] & sh[str(roots[d.story].id)])
            if shared < 10:
                problems.append("%s shares only %d body 5-grams with its root" % (d.id, shared))
        for p in d.parents:
            if not (by_id[p].time < d.time):
                problems.append("%s is not published after its parent %s" % (d.id, p))
    # Bodies of different clusters share no passage, except a composite with
    # the story that supplied its minor part. A few stock 5-grams may recur
    # ("said in a statement the", an agency's credit line), as in real feeds.
    ids = [str(d.id) for d in docs]
    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            a, b = docs[i], docs[j]
            if a.cluster == b.cluster or a.lang != b.lang:
                continue
            if a.kind == "composite" or b.kind == "composite":
                c, o = (a, b) if a.kind == "composite" else (b, a)
                if o.cluster in {by_id[p].cluster for p in c.parents}:
                    continue
            if len(sh[ids[i]] & sh[ids[j]]) > (8 if a.lang == "zh" else 3):
                problems.append("%s and %s share body text across clusters" % (ids[i], ids[j]))

    full = {str(d.id): shingles(d.title + "\n" + d.text) for d in docs}
    clusters = {}
    for d in docs:
        clusters.setdefault(d.cluster, []).append(d)
    pair_j = []
    per_lang = {}
    for members in clusters.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                x = jaccard(full[str(members[i].id)], full[str(members[j].id)])
                pair_j.append(x)
                per_lang.setdefault(members[i].lang, []).append(x)
    edge_j = [jaccard(full[str(d.id)], full[p]) for d in docs for p in d.parents]
    below = sum(1 for x in pair_j if x < 0.4)
    if below * 3 < len(pair_j):
        problems.append("only %d of %d true copy pairs are below word-5 Jaccard 0.4"
                        % (below, len(pair_j)))

    def q(xs, f):
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(f * len(xs)))]

    langs = {}
    for d in docs:
        langs[d.lang] = langs.get(d.lang, 0) + 1
    kinds = {}
    for d in docs:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    coc = sum(1 for d in docs if d.kind == "copy" and by_id[d.parents[0]].kind != "root")
    lines = [
        "documents: %d" % len(docs),
        "gold clusters: %d (%d with copies, %d single unrelated pages)" % (
            len(clusters), sum(1 for m in clusters.values() if len(m) > 1),
            sum(1 for m in clusters.values() if len(m) == 1)),
        "roots: %d, copies: %d (copies of copies: %d), composites: %d, unrelated pages: %d" % (
            kinds.get("root", 0), kinds.get("copy", 0), coc, kinds.get("composite", 0),
            kinds.get("unrelated", 0)),
        "gold parent edges: %d" % sum(len(d.parents) for d in docs),
        "languages: " + ", ".join("%s %d" % (k, v) for k, v in sorted(langs.items())),
        "published: %d date-time, %d date only, %d missing" % (
            sum(1 for d in docs if d.published and "T" in d.published),
            sum(1 for d in docs if d.published and "T" not in d.published),
            sum(1 for d in docs if not d.published)),
        "outlets with pages: %d" % len({d.source for d in docs}),
        "true copy pairs (same gold cluster): %d; word-5 Jaccard on the full page "
        "(title+text, lowercase \\w+ tokens) < 0.4: %d (%.1f%%)" % (
            len(pair_j), below, 100.0 * below / len(pair_j)),
        "  pair Jaccard quantiles 10/25/50/75/90%%: %s" % " / ".join(
            "%.3f" % q(pair_j, f) for f in (0.1, 0.25, 0.5, 0.75, 0.9)),
        "  parent->child edges below 0.4: %d of %d (median %.3f)" % (
            sum(1 for x in edge_j if x < 0.4), len(edge_j), q(edge_j, 0.5)),
        "  by language (pairs below 0.4 / pairs, median): " + ", ".join(
            "%s %d/%d %.3f" % (k, sum(1 for x in v if x < 0.4), len(v), q(v, 0.5))
            for k, v in sorted(per_lang.items())),
        "copies whose parent the body text identifies (most of the copy, less 5x what the "
        "candidate's ancestors had and it lacks; near-ties to the earliest): %d of %d" % (
            identifiable(docs, by_id), sum(1 for d in docs if d.kind == "copy")),
    ]
    return problems, lines


def identifiable(docs, by_id):
    """How many copies' true parents the body text alone gives away, with true
    times, under the provenance tool's rule (docs/provenance.md, "Parents") on
    word 4-grams (character 5-grams for Chinese) of the body paragraphs: no
    template, teaser or title. Copies whose parent made no change that the copy
    kept cannot be told from their grandparent; the rest can."""
    def grams(d):
        toks = re.findall(r"\w+", "\n".join(d.paras).lower())
        k = 4
        if d.lang == "zh":
            toks, k = [c for t in toks for c in t], 5
        return {tuple(toks[i:i + k]) for i in range(len(toks) - k + 1)}

    sets = {str(d.id): grams(d) for d in docs}

    def ancestors(x):
        out = []
        while by_id[x].parents:
            x = by_id[x].parents[0]
            out.append(x)
        return out

    hits = 0
    for d in docs:
        if d.kind != "copy":
            continue
        body = sets[str(d.id)]
        cands = sorted((x for x in docs if x.story == d.story and x.kind != "composite"
                        and x.time < d.time), key=lambda x: x.time)
        score = {}
        for x in cands:
            kept = body & sets[str(x.id)]
            lost = set()
            for a in ancestors(str(x.id)):
                lost |= body & sets[a]
            score[str(x.id)] = (len(kept) - 5 * len(lost - kept)) / max(1, len(body))
        best = max(score.values())
        pick = next(str(x.id) for x in cands if score[str(x.id)] >= best - 0.02)
        hits += pick in d.parents
    return hits


def write(out_dir, docs):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "sample.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for d in docs:
            rec = {"id": d.id, "source": d.source}
            if d.published:
                rec["published"] = d.published
            rec.update(title=d.title, text=d.text, url=d.url)
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(os.path.join(out_dir, "gold_clusters.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for d in docs:
            f.write("%s\t%s\n" % (d.id, d.cluster))
    with open(os.path.join(out_dir, "gold_parents.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for d in docs:
            for p in d.parents:
                f.write("%s\t%s\n" % (p, d.id))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--out", default="data", help="output directory (default data/)")
    args = ap.parse_args(argv)
    _, docs, by_id = build(args.seed)
    problems, lines = check_and_report(docs, by_id)
    for line in lines:
        print(line)
    if problems:
        for p in problems[:20]:
            print("error: " + p, file=sys.stderr)
        print("error: %d problem(s); nothing written" % len(problems), file=sys.stderr)
        return 1
    write(args.out, docs)
    print("wrote %s/sample.jsonl, gold_clusters.tsv, gold_parents.tsv" % args.out.rstrip("/"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
