"""Generate a large, realistic archive for the search benchmark: N items straight into the database.

    python benchmarks/search_corpus.py --items 1000000 [--seed 2026] [--workers 2] [--force]

Uses TOASOAN_DATA_DIR / DATABASE_URL like the `toasoan` command; run `toasoan migrate` first.
The agency, outlets, desks and users come from seed.py (build_organisation). Only Item rows are
written (bulk_create; no revisions, no search index: bench_search.py builds that).

What the items look like:
- about 70% Vietnamese, 30% English (the Vietnamese source desk also files some English copy);
- each item has a theme (economy, disasters and weather, politics, health, sport, ...) that
  chooses the words, places and IPTC Media Topics it is likely to use; words are drawn from
  several hundred Vietnamese words and compounds and as many English news words, each list
  in a Zipf-like rank order (a few words very common, a long tail of rare ones), inside
  sentence patterns of news copy (who did what where, figures, quotes, attributions);
- bodies of 150-900 words (log-normal, median about 380) in paragraphs of 1-5 sentences,
  a one- or two-sentence abstract, headline, slugline, byline (about 300 reporters),
  places, people, organisations and keywords, 1-3 Media Topic codes (active ones only);
- dates over the last 10 years (slightly more items in recent years); workflow states as
  in an archive: nearly everything older than two months is published, corrected, killed,
  recalled or spiked; drafts and items in progress are recent.

Deterministic: the same --seed and --items give the same items whatever --workers is (each batch
has its own generator seeded from --seed and the batch number).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import math
import multiprocessing
import random
import sys
import time
import unicodedata
from datetime import UTC, timedelta
from typing import Any

from _common import describe_database, setup_django

BATCH = 2000


def _split(words: str) -> list[str]:
    return [w.strip() for w in words.split(",") if w.strip()]


def _list(text: str) -> list[str]:
    return [w.strip() for w in text.split("|") if w.strip()]


def _pairs(text: str) -> list[tuple[str, str]]:
    """ "Vietnamese=English; ..." -> [(Vietnamese, English), ...]"""
    out = []
    for pair in text.split(";"):
        vi, _, en = pair.strip().partition("=")
        out.append((vi, en))
    return out


# --- word lists, most frequent first (rank gives a Zipf-like weight) ---------------------------

VI_FUNCTION = (
    "của và các những là có được trong cho với để đã sẽ đang này theo tại từ về khi một người "
    "không cũng nhiều trên đến ra như nhằm sau trước hơn nhưng vẫn đều cùng nên mà nếu bởi vì "
    "do rằng thì lại còn chỉ rất đó đây nay qua lên xuống vào giữa ngoài thêm mỗi mọi toàn"
).split()
VI_NOUNS = _list(
    "người dân | doanh nghiệp | dự án | kinh tế | chính phủ | địa phương | thị trường | "
    "tỉnh | thành phố | cơ quan | chính sách | hoạt động | sản xuất | công trình | "
    "chương trình | kế hoạch | đầu tư | phát triển | tăng trưởng | xuất khẩu | nhập khẩu | "
    "ngân sách | vốn | giá | hàng hóa | dịch vụ | lao động | việc làm | thu nhập | "
    "đời sống | an sinh xã hội | hạ tầng | giao thông | môi trường | công nghệ | "
    "chuyển đổi số | nông nghiệp | công nghiệp | du lịch | y tế | giáo dục | văn hóa | "
    "thể thao | an ninh | quốc phòng | ngoại giao | hợp tác | hội nghị | cuộc họp | "
    "báo cáo | số liệu | kết quả | mục tiêu | nhiệm vụ | giải pháp | khó khăn | vướng mắc | "
    "thủ tục | hồ sơ | quy định | pháp luật | nghị định | nghị quyết | thông tư | luật | "
    "cán bộ | lãnh đạo | chuyên gia | đại biểu | cử tri | thanh niên | phụ nữ | trẻ em | "
    "học sinh | sinh viên | bệnh nhân | nông dân | công nhân | ngư dân | du khách | "
    "nhà đầu tư | khu vực | vùng | xã | huyện | quận | phường | thôn | bản | biên giới | "
    "biển đảo | đất liền | rừng | sông | nước | điện | năng lượng | xăng dầu | lúa gạo | "
    "cà phê | hồ tiêu | cao su | thủy sản | tôm | trái cây | sầu riêng | thanh long | gỗ | "
    "dệt may | da giày | điện tử | linh kiện | ô tô | xe máy | nhà ở | đất đai | "
    "bất động sản | chứng khoán | ngân hàng | lãi suất | tín dụng | tỷ giá | lạm phát | "
    "thuế | phí | hải quan | cảng biển | sân bay | đường sắt | cao tốc | cầu | bệnh viện | "
    "trường học | giáo viên | bác sĩ | vắc xin | dịch bệnh | sức khỏe | thuốc | bảo hiểm | "
    "mạng xã hội | dữ liệu | trí tuệ nhân tạo | an ninh mạng | thương mại điện tử | "
    "khởi nghiệp | đổi mới sáng tạo | nghiên cứu | khoa học | di sản | lễ hội | nghệ thuật | "
    "điện ảnh | âm nhạc | sách | báo chí | truyền thông | tôn giáo | dân tộc | miền núi | "
    "đồng bằng | ven biển | tài nguyên | khoáng sản | rác thải | ô nhiễm | khí thải | "
    "biến đổi khí hậu | thiên tai | bão | lũ | mưa lớn | sạt lở | hạn hán | xâm nhập mặn | "
    "triều cường | động đất | cháy rừng | hỏa hoạn | tai nạn | giao thông đường bộ"
)
VI_VERBS = _list(
    "tăng | giảm | đạt | triển khai | thực hiện | tổ chức | hỗ trợ | đẩy mạnh | tăng cường | "
    "bảo đảm | nâng cao | hoàn thành | đề xuất | yêu cầu | chỉ đạo | kiểm tra | xử lý | "
    "thúc đẩy | tháo gỡ | công bố | ký kết | thông qua | phê duyệt | khởi công | "
    "khánh thành | đưa vào sử dụng | cảnh báo | ứng phó | khắc phục | tiếp nhận | đón | "
    "trao | tặng | thăm | làm việc với | tiếp | hội đàm với | điện đàm với | ban hành | "
    "sửa đổi | bổ sung | điều chỉnh | rà soát | đánh giá | giám sát | thanh tra | điều tra | "
    "bắt giữ | khởi tố | xét xử | tuyên án | phát hiện | thu giữ | cứu hộ | sơ tán | "
    "di dời | cấp phát | giải ngân | huy động | thu hút | mở rộng | kết nối | ứng dụng | "
    "chuyển giao | ra mắt | giới thiệu | quảng bá | xuất khẩu | nhập khẩu | tiêu thụ | "
    "cung ứng | vận chuyển | khám chữa bệnh | tiêm | phòng chống | ngăn chặn | kiểm soát | "
    "khuyến cáo | vận động | tuyên truyền | phổ biến | đào tạo | bồi dưỡng | tuyển sinh | "
    "tốt nghiệp | giành | thắng | hòa | thua | vô địch | lọt vào | đăng cai | biểu diễn | "
    "trưng bày | phục dựng"
)
VI_ADJ = _list(
    "mới | lớn | quan trọng | cao | thấp | mạnh | nhanh | hiệu quả | bền vững | tích cực | "
    "khó khăn | cụ thể | đồng bộ | kịp thời | an toàn | chất lượng | hiện đại | trọng điểm | "
    "cấp bách | nghiêm trọng | đáng kể | ổn định | minh bạch | toàn diện | thiết thực | "
    "sâu rộng | xanh | số | thông minh | truyền thống | đặc sắc | nổi bật | kỷ lục"
)
VI_TIME = _list(
    "năm nay | năm 2025 | tháng trước | quý I | quý II | quý III | quý IV | cuối năm | "
    "đầu năm | sáng nay | chiều qua | tuần tới | 6 tháng đầu năm | 9 tháng qua | "
    "giai đoạn 2021-2025 | giai đoạn 2026-2030 | dịp Tết Nguyên đán | mùa mưa bão | "
    "cùng kỳ năm trước | những năm gần đây | thời gian tới | hôm qua | ngày mai"
)
VI_ROLES = _list(
    "Thủ tướng | Phó Thủ tướng | Bộ trưởng | Thứ trưởng | Chủ tịch UBND tỉnh | "
    "Phó Chủ tịch UBND tỉnh | Bí thư Tỉnh ủy | Giám đốc Sở | Cục trưởng | Vụ trưởng | "
    "Tổng Giám đốc | Chủ tịch Hội đồng quản trị | Giám đốc Bệnh viện | Hiệu trưởng | "
    "huấn luyện viên | tiến sĩ | phó giáo sư | thượng tá | đại tá | luật sư"
)
VI_ORGS = _list(
    "Bộ Tài chính | Bộ Công Thương | Bộ Y tế | Bộ Giáo dục và Đào tạo | Bộ Xây dựng | "
    "Bộ Nông nghiệp và Môi trường | Bộ Công an | Bộ Quốc phòng | Bộ Ngoại giao | "
    "Bộ Khoa học và Công nghệ | Bộ Văn hóa, Thể thao và Du lịch | Bộ Nội vụ | Bộ Tư pháp | "
    "Ngân hàng Nhà nước | Tổng cục Thống kê | Quốc hội | Chính phủ | Văn phòng Chính phủ | "
    "Tòa án nhân dân tối cao | Viện Kiểm sát nhân dân tối cao | Kiểm toán Nhà nước | "
    "Tập đoàn Điện lực Việt Nam | Tập đoàn Dầu khí Việt Nam | Vietnam Airlines | Viettel | "
    "Tổng công ty Đường sắt Việt Nam | Cục Hàng hải | "
    "Trung tâm Dự báo khí tượng thủy văn quốc gia | "
    "Ban Chỉ đạo quốc gia về phòng chống thiên tai | Liên đoàn Bóng đá Việt Nam | "
    "Hiệp hội Chế biến và Xuất khẩu thủy sản | Hiệp hội Lương thực Việt Nam | "
    "Phòng Thương mại và Công nghiệp Việt Nam | "
    "Viện Hàn lâm Khoa học và Công nghệ Việt Nam | Đại học Quốc gia Hà Nội | "
    "Bệnh viện Bạch Mai | Bệnh viện Chợ Rẫy | Sở Y tế | Sở Giáo dục | Công an tỉnh | "
    "Bộ đội Biên phòng | Hội Chữ thập đỏ | Ủy ban Mặt trận Tổ quốc"
)
PROVINCES = _pairs(
    "Hà Nội=Hanoi; TP Hồ Chí Minh=Ho Chi Minh City; Đà Nẵng=Da Nang; Hải Phòng=Hai Phong; "
    "Cần Thơ=Can Tho; Huế=Hue; Quảng Ninh=Quang Ninh; Nghệ An=Nghe An; Thanh Hóa=Thanh Hoa; "
    "Khánh Hòa=Khanh Hoa; Lào Cai=Lao Cai; Đồng Nai=Dong Nai; Bình Dương=Binh Duong; "
    "Quảng Nam=Quang Nam; Quảng Ngãi=Quang Ngai; Bình Định=Binh Dinh; Gia Lai=Gia Lai; "
    "Đắk Lắk=Dak Lak; Lâm Đồng=Lam Dong; Cà Mau=Ca Mau; An Giang=An Giang; "
    "Kiên Giang=Kien Giang; Bắc Ninh=Bac Ninh; Hà Tĩnh=Ha Tinh; Quảng Bình=Quang Binh; "
    "Quảng Trị=Quang Tri; Điện Biên=Dien Bien; Sơn La=Son La; Hà Giang=Ha Giang; "
    "Cao Bằng=Cao Bang; Lạng Sơn=Lang Son; Yên Bái=Yen Bai; Thái Nguyên=Thai Nguyen; "
    "Phú Thọ=Phu Tho; Vĩnh Phúc=Vinh Phuc; Hưng Yên=Hung Yen; Hải Dương=Hai Duong; "
    "Nam Định=Nam Dinh; Ninh Bình=Ninh Binh; Thái Bình=Thai Binh; Phú Yên=Phu Yen; "
    "Ninh Thuận=Ninh Thuan; Bình Thuận=Binh Thuan; Kon Tum=Kon Tum; Đắk Nông=Dak Nong; "
    "Bình Phước=Binh Phuoc; Tây Ninh=Tay Ninh; Long An=Long An; Tiền Giang=Tien Giang; "
    "Bến Tre=Ben Tre; Vĩnh Long=Vinh Long; Trà Vinh=Tra Vinh; Sóc Trăng=Soc Trang; "
    "Bạc Liêu=Bac Lieu; Hậu Giang=Hau Giang; Đồng Tháp=Dong Thap; "
    "Bà Rịa - Vũng Tàu=Ba Ria - Vung Tau; Tuyên Quang=Tuyen Quang; Bắc Giang=Bac Giang; "
    "Bắc Kạn=Bac Kan; Lai Châu=Lai Chau; Hòa Bình=Hoa Binh; Hà Nam=Ha Nam; "
    "Phú Quốc=Phu Quoc; Sa Pa=Sa Pa; Hội An=Hoi An; Nha Trang=Nha Trang; Đà Lạt=Da Lat; "
    "Vũng Tàu=Vung Tau"
)
COUNTRIES = _pairs(
    "Mỹ=the United States; Trung Quốc=China; Nhật Bản=Japan; Hàn Quốc=South Korea; "
    "Liên minh châu Âu=the European Union; Lào=Laos; Campuchia=Cambodia; Thái Lan=Thailand; "
    "Singapore=Singapore; Ấn Độ=India; Nga=Russia; Pháp=France; Đức=Germany; "
    "Australia=Australia; Indonesia=Indonesia; Malaysia=Malaysia; "
    "Philippines=the Philippines; Anh=the United Kingdom; Canada=Canada; Brazil=Brazil; "
    "Cuba=Cuba; Israel=Israel; Ukraine=Ukraine; Myanmar=Myanmar; Italy=Italy; "
    "Hà Lan=the Netherlands; ASEAN=ASEAN"
)
SURNAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Mai Tạ"
).split()
MIDDLE = (
    "Văn Thị Minh Đức Quang Thanh Hữu Ngọc Xuân Hoàng Thu Hải Anh Tuấn Bảo Kim Đình Công".split()
)
GIVEN = (
    "Anh Hùng Dũng Hà Lan Hương Nam Long Tuấn Hải Trang Linh Phương Thảo Sơn Thắng Hiếu Hoa Mai "
    "Nga Quân Thành Trung Việt Khánh Huy Phúc Tâm Vinh Yến Hạnh Hòa Bình Cường Đạt Giang Ngân Hằng"
).split()
FOREIGN_PEOPLE = _list(
    "Antony Blinken | Wang Yi | Fumio Kishida | Yoon Suk Yeol | Anwar Ibrahim | "
    "Ursula von der Leyen | Emmanuel Macron | Olaf Scholz | Narendra Modi | Joko Widodo | "
    "Anthony Albanese | Lee Hsien Loong | Hun Manet | Sonexay Siphandone | Park Hang-seo | "
    "Philippe Troussier | Kim Sang-sik | Antonio Guterres | Kristalina Georgieva | "
    "Ajay Banga"
)

EN_FUNCTION = (
    "the of to in and a for on said with as at by from its is was that will has have be it "
    "this year an are which were their more than after also been up over about new but not two "
    "while into last about under during other some most all would could such first per"
).split()
EN_NOUNS = _list(
    "government | economy | growth | exports | imports | businesses | investment | project | "
    "market | province | city | residents | people | authorities | ministry | policy | "
    "plan | programme | budget | capital | prices | goods | services | workers | jobs | "
    "income | infrastructure | transport | environment | technology | "
    "digital transformation | agriculture | industry | tourism | tourists | health | "
    "education | culture | sport | security | defence | diplomacy | cooperation | "
    "conference | meeting | report | data | results | targets | tasks | solutions | "
    "difficulties | procedures | regulations | law | decree | resolution | officials | "
    "leaders | experts | deputies | voters | youth | women | children | students | "
    "patients | farmers | fishermen | investors | region | district | commune | border | "
    "sea | islands | forest | river | water | electricity | energy | petrol | rice | "
    "coffee | pepper | rubber | seafood | shrimp | fruit | durian | timber | garments | "
    "footwear | electronics | components | cars | motorbikes | housing | land | "
    "real estate | stocks | shares | banks | interest rates | credit | exchange rate | "
    "inflation | taxes | fees | customs | seaport | airport | railway | expressway | "
    "bridge | hospital | schools | teachers | doctors | vaccine | disease | outbreak | "
    "medicine | insurance | social media | artificial intelligence | cybersecurity | "
    "e-commerce | startups | innovation | research | science | heritage | festival | art | "
    "film | music | books | press | religion | ethnic minorities | mountains | delta | "
    "coast | resources | minerals | waste | pollution | emissions | climate change | "
    "natural disasters | storm | typhoon | floods | heavy rain | landslides | drought | "
    "saltwater intrusion | high tide | earthquake | wildfire | fire | accident | traffic | "
    "semiconductors | chips | supply chain | trade | tariffs"
)
EN_VERBS = _list(
    "rise | fall | reach | launch | implement | hold | support | boost | step up | ensure | "
    "improve | complete | propose | ask | direct | inspect | handle | promote | remove | "
    "announce | sign | approve | pass | break ground on | inaugurate | open | warn | "
    "respond to | recover from | receive | welcome | present | visit | meet | "
    "hold talks with | issue | amend | adjust | review | assess | monitor | investigate | "
    "arrest | prosecute | try | sentence | detect | seize | rescue | evacuate | relocate | "
    "disburse | mobilise | attract | expand | connect | apply | transfer | unveil | "
    "introduce | export | import | consume | supply | ship | treat | vaccinate | prevent | "
    "control | advise | train | enrol | win | beat | draw with | lose to | qualify for | "
    "host | perform | exhibit | restore | cut | raise | extend | suspend | resume"
)
EN_ADJ = _list(
    "new | major | key | high | low | strong | rapid | effective | sustainable | positive | "
    "difficult | specific | timely | safe | modern | urgent | serious | significant | "
    "stable | transparent | comprehensive | practical | green | digital | smart | "
    "traditional | unique | outstanding | record | national | local | foreign | global | "
    "regional | public | private | annual | first | largest | latest"
)
EN_TIME = _list(
    "this year | in 2025 | last month | in the first quarter | in the second quarter | "
    "in the third quarter | at the end of the year | earlier this year | on Monday | "
    "on Tuesday | on Wednesday | on Thursday | on Friday | at the weekend | next week | "
    "in the first half | in the 2021-2025 period | ahead of Tet | during the rainy season | "
    "year on year | in recent years | in the coming months | yesterday | tomorrow"
)
EN_ROLES = _list(
    "Prime Minister | Deputy Prime Minister | Minister | Deputy Minister | "
    "provincial People's Committee chairman | provincial Party Secretary | "
    "department director | general director | chief executive | hospital director | "
    "head coach | professor | economist | senior lieutenant colonel | lawyer | "
    "spokesperson | ambassador"
)
EN_ORGS = _list(
    "Ministry of Finance | Ministry of Industry and Trade | Ministry of Health | "
    "Ministry of Education and Training | Ministry of Construction | "
    "Ministry of Agriculture and Environment | Ministry of Public Security | "
    "Ministry of National Defence | Ministry of Foreign Affairs | "
    "Ministry of Science and Technology | State Bank of Vietnam | "
    "General Statistics Office | National Assembly | Government | Supreme People's Court | "
    "State Audit Office | EVN | PetroVietnam | Vietnam Airlines | Viettel | "
    "Vietnam Railways | National Centre for Hydro-Meteorological Forecasting | "
    "Vietnam Football Federation | VASEP | Vietnam Food Association | VCCI | World Bank | "
    "IMF | Asian Development Bank | United Nations | WHO | UNICEF | "
    "Hanoi People's Committee | Vietnam Chamber of Commerce"
)

# theme -> (top-level Media Topic, weight, Vietnamese words, English words)
THEMES: dict[str, tuple[str, float, str, str]] = {
    "economy": (
        "04000000",
        0.24,
        "kinh tế, tăng trưởng, GDP, xuất khẩu, nhập khẩu, kim ngạch, thặng dư thương mại, "
        "doanh nghiệp, vốn đầu tư trực tiếp nước ngoài, FDI, giải ngân, đầu tư công, "
        "lãi suất, tỷ giá, lạm phát, chỉ số giá tiêu dùng, CPI, ngân hàng, tín dụng, nợ xấu, "
        "trái phiếu, chứng khoán, VN-Index, cổ phiếu, thanh khoản, bất động sản, "
        "nhà ở xã hội, khu công nghiệp, chuỗi cung ứng, logistics, thương mại điện tử, "
        "bán lẻ, sức mua, tiêu dùng, thuế, hoàn thuế, hiệp định thương mại tự do, EVFTA, "
        "CPTPP, RCEP, thuế đối ứng, nông sản, gạo, cà phê, hồ tiêu, điều, thủy sản, cá tra, "
        "tôm, dệt may, da giày, điện thoại, linh kiện điện tử, bán dẫn, xăng dầu, giá vàng, "
        "vàng miếng, doanh thu, lợi nhuận, cổ tức, sáp nhập, phá sản",
        "economy, growth, GDP, exports, imports, trade surplus, businesses, "
        "foreign direct investment, FDI, disbursement, public investment, interest rates, "
        "exchange rate, inflation, consumer price index, CPI, banks, credit, bad debt, "
        "bonds, stock market, VN-Index, shares, liquidity, real estate, social housing, "
        "industrial parks, supply chain, logistics, e-commerce, retail, purchasing power, "
        "consumption, taxes, tax refunds, free trade agreement, EVFTA, CPTPP, RCEP, "
        "reciprocal tariffs, farm produce, rice, coffee, pepper, cashew, seafood, pangasius, "
        "shrimp, garments, footwear, smartphones, electronic components, semiconductors, "
        "petrol prices, gold prices, revenue, profit, dividends, mergers, bankruptcy",
    ),
    "disaster": (
        "03000000",
        0.08,
        "bão, áp thấp nhiệt đới, cơn bão số 3, siêu bão, mưa lớn, lũ, lũ quét, sạt lở đất, "
        "ngập úng, triều cường, hạn hán, xâm nhập mặn, động đất, cháy rừng, hỏa hoạn, "
        "sơ tán, cứu hộ, cứu nạn, thiệt hại, mất tích, thương vong, tàu thuyền, neo đậu, "
        "tránh trú, đê điều, hồ chứa, thủy điện, xả lũ, mực nước, cảnh báo, ứng phó, "
        "khắc phục hậu quả, cứu trợ, hàng cứu trợ, lực lượng vũ trang, tai nạn giao thông, "
        "va chạm, sập cầu, nổ, ngạt khí",
        "storm, tropical depression, typhoon Yagi, super typhoon, heavy rain, floods, "
        "flash floods, landslides, inundation, high tide, drought, saltwater intrusion, "
        "earthquake, wildfire, fire, evacuation, rescue, search and rescue, damage, missing, "
        "casualties, vessels, anchor, shelter, dykes, reservoirs, hydropower, "
        "flood discharge, water level, warning, response, recovery, relief, relief supplies, "
        "armed forces, traffic accident, collision, bridge collapse, explosion, "
        "gas poisoning",
    ),
    "weather": (
        "17000000",
        0.04,
        "thời tiết, nắng nóng, nắng nóng gay gắt, không khí lạnh, rét đậm, rét hại, "
        "sương muối, nhiệt độ, độ ẩm, gió mùa đông bắc, mưa dông, lốc sét, mưa đá, dự báo, "
        "khí tượng, thủy văn",
        "weather, heatwave, extreme heat, cold spell, cold snap, severe cold, frost, "
        "temperature, humidity, northeast monsoon, thunderstorms, lightning, hail, forecast, "
        "meteorology, hydrology",
    ),
    "politics": (
        "11000000",
        0.14,
        "Quốc hội, kỳ họp, đại biểu Quốc hội, chất vấn, luật, dự thảo luật, nghị quyết, "
        "Chính phủ, phiên họp, Thủ tướng, Chủ tịch nước, Tổng Bí thư, Bộ Chính trị, "
        "Ban Chấp hành Trung ương, Hội nghị Trung ương, Đại hội Đảng, bầu cử, cử tri, "
        "tiếp xúc cử tri, sắp xếp đơn vị hành chính, sáp nhập tỉnh, tinh gọn bộ máy, "
        "cải cách hành chính, phòng chống tham nhũng, ngoại giao, hội đàm, "
        "chuyến thăm chính thức, đối tác chiến lược toàn diện, ASEAN, Liên hợp quốc, APEC, "
        "hợp tác song phương, Biển Đông, chủ quyền, đại sứ, đại sứ quán, "
        "cộng đồng người Việt",
        "National Assembly, session, deputies, question-and-answer session, law, draft law, "
        "resolution, Government, cabinet meeting, Prime Minister, State President, "
        "Party General Secretary, Politburo, Party Central Committee, plenum, "
        "Party Congress, election, voters, meeting voters, administrative restructuring, "
        "provincial mergers, streamlining the apparatus, administrative reform, "
        "anti-corruption, diplomacy, talks, official visit, "
        "comprehensive strategic partnership, ASEAN, United Nations, APEC, "
        "bilateral cooperation, East Sea, sovereignty, ambassador, embassy, "
        "overseas Vietnamese",
    ),
    "health": (
        "07000000",
        0.07,
        "y tế, bệnh viện, bác sĩ, bệnh nhân, khám chữa bệnh, bảo hiểm y tế, vắc xin, "
        "tiêm chủng, dịch bệnh, sốt xuất huyết, tay chân miệng, cúm, COVID-19, sởi, ca mắc, "
        "tử vong, điều trị, phẫu thuật, ghép tạng, ung thư, tim mạch, đột quỵ, dinh dưỡng, "
        "an toàn thực phẩm, ngộ độc, thuốc, thiết bị y tế, y tế cơ sở, trạm y tế, "
        "sức khỏe tâm thần",
        "health, hospital, doctors, patients, medical examination, health insurance, "
        "vaccine, vaccination, epidemic, dengue fever, hand foot and mouth disease, flu, "
        "COVID-19, measles, cases, deaths, treatment, surgery, organ transplant, cancer, "
        "cardiovascular, stroke, nutrition, food safety, food poisoning, medicine, "
        "medical equipment, grassroots health care, clinics, mental health",
    ),
    "education": (
        "05000000",
        0.05,
        "giáo dục, học sinh, sinh viên, giáo viên, trường học, kỳ thi tốt nghiệp, "
        "thi tốt nghiệp THPT, tuyển sinh, đại học, điểm chuẩn, học phí, học bổng, "
        "sách giáo khoa, chương trình giáo dục phổ thông, du học, nghiên cứu sinh, "
        "giáo dục nghề nghiệp, khai giảng, năm học mới",
        "education, pupils, students, teachers, schools, graduation exam, high school exam, "
        "enrolment, university, admission scores, tuition fees, scholarships, textbooks, "
        "general education curriculum, study abroad, PhD students, vocational training, "
        "school opening, new school year",
    ),
    "sport": (
        "15000000",
        0.1,
        "bóng đá, đội tuyển Việt Nam, U23 Việt Nam, V-League, huấn luyện viên, cầu thủ, "
        "trận đấu, bàn thắng, vòng loại World Cup, AFF Cup, SEA Games, ASIAD, Olympic, "
        "huy chương vàng, kỷ lục, vận động viên, điền kinh, bơi lội, cầu lông, quần vợt, "
        "bóng chuyền, futsal, đua xe đạp, marathon, cờ vua, võ thuật, chung kết, bán kết, "
        "vô địch",
        "football, Vietnam national team, U23 Vietnam, V-League, coach, players, match, "
        "goal, World Cup qualifiers, AFF Cup, SEA Games, Asian Games, Olympics, gold medal, "
        "record, athletes, athletics, swimming, badminton, tennis, volleyball, futsal, "
        "cycling, marathon, chess, martial arts, final, semi-final, champions",
    ),
    "culture": (
        "01000000",
        0.07,
        "văn hóa, di sản, di sản thế giới, UNESCO, lễ hội, nghệ thuật, điện ảnh, phim, "
        "âm nhạc, ca sĩ, nghệ sĩ, triển lãm, bảo tàng, di tích, áo dài, ẩm thực, phở, "
        "làng nghề, văn học, sách, nhà văn, báo chí, truyền hình, du lịch, lượng khách, "
        "khách quốc tế, lưu trú, lữ hành, điểm đến, Tết Nguyên đán, Trung thu, "
        "Giỗ Tổ Hùng Vương",
        "culture, heritage, world heritage, UNESCO, festival, art, cinema, film, music, "
        "singer, artist, exhibition, museum, relic site, ao dai, cuisine, pho, "
        "craft village, literature, books, writer, press, television, tourism, arrivals, "
        "foreign visitors, accommodation, travel agencies, destination, Lunar New Year, "
        "Mid-Autumn Festival, Hung Kings Commemoration",
    ),
    "crime": (
        "02000000",
        0.07,
        "công an, điều tra, khởi tố, bắt giữ, tạm giam, truy nã, vụ án, bị can, bị cáo, "
        "xét xử, phiên tòa, tuyên án, tù chung thân, tham nhũng, tham ô, hối lộ, lừa đảo, "
        "lừa đảo trực tuyến, ma túy, buôn lậu, hàng giả, rửa tiền, đánh bạc, cướp, trộm cắp, "
        "vi phạm, xử phạt, nồng độ cồn, cảnh sát giao thông, tòa án, viện kiểm sát, luật sư",
        "police, investigation, prosecution, arrest, detention, wanted, case, defendants, "
        "accused, trial, hearing, sentence, life imprisonment, corruption, embezzlement, "
        "bribery, fraud, online scams, drugs, smuggling, counterfeit goods, "
        "money laundering, gambling, robbery, theft, violations, fines, alcohol limit, "
        "traffic police, court, procuracy, lawyer",
    ),
    "environment": (
        "06000000",
        0.05,
        "môi trường, biến đổi khí hậu, phát thải ròng bằng không, năng lượng tái tạo, "
        "điện gió, điện mặt trời, rác thải nhựa, ô nhiễm không khí, bụi mịn, "
        "chất lượng không khí, nước thải, rừng, trồng rừng, đa dạng sinh học, "
        "động vật hoang dã, tín chỉ carbon, kinh tế tuần hoàn",
        "environment, climate change, net zero emissions, renewable energy, wind power, "
        "solar power, plastic waste, air pollution, fine dust, air quality, wastewater, "
        "forests, reforestation, biodiversity, wildlife, carbon credits, circular economy",
    ),
    "technology": (
        "13000000",
        0.05,
        "khoa học, công nghệ, chuyển đổi số, trí tuệ nhân tạo, dữ liệu, dữ liệu lớn, "
        "an ninh mạng, tấn công mạng, 5G, Internet, điện toán đám mây, chất bán dẫn, "
        "vi mạch, khởi nghiệp, đổi mới sáng tạo, nghiên cứu, bằng sáng chế, vệ tinh, vũ trụ, "
        "robot, định danh điện tử, VNeID",
        "science, technology, digital transformation, artificial intelligence, data, "
        "big data, cybersecurity, cyberattack, 5G, Internet, cloud computing, "
        "semiconductors, microchips, startups, innovation, research, patents, satellite, "
        "space, robots, electronic identification, VNeID",
    ),
    "society": (
        "14000000",
        0.06,
        "xã hội, an sinh xã hội, người nghèo, giảm nghèo, hộ nghèo, nhà tạm, nhà dột nát, "
        "người cao tuổi, trẻ em, bình đẳng giới, dân số, lao động, việc làm, tiền lương, "
        "lương tối thiểu, bảo hiểm xã hội, lương hưu, người lao động, công nhân, "
        "xuất khẩu lao động, đô thị, nông thôn mới, dân tộc thiểu số, từ thiện, tình nguyện",
        "society, social welfare, the poor, poverty reduction, poor households, "
        "makeshift houses, dilapidated houses, elderly, children, gender equality, "
        "population, labour, jobs, wages, minimum wage, social insurance, pensions, workers, "
        "labourers, labour export, urban areas, new rural development, ethnic minorities, "
        "charity, volunteers",
    ),
    "world": (
        "16000000",
        0.03,
        "xung đột, chiến sự, lệnh ngừng bắn, đàm phán hòa bình, Trung Đông, Dải Gaza, "
        "Ukraine, Nga, lệnh trừng phạt, NATO, Hội đồng Bảo an, người tị nạn, "
        "viện trợ nhân đạo, khủng bố",
        "conflict, fighting, ceasefire, peace talks, Middle East, Gaza Strip, Ukraine, "
        "Russia, sanctions, NATO, Security Council, refugees, humanitarian aid, terrorism",
    ),
    "labour": (
        "09000000",
        0.02,
        "thị trường lao động, thất nghiệp, trợ cấp thất nghiệp, công đoàn, "
        "tranh chấp lao động, đình công, an toàn lao động, tuyển dụng, kỹ năng nghề",
        "labour market, unemployment, unemployment benefits, trade union, labour dispute, "
        "strike, occupational safety, recruitment, vocational skills",
    ),
    "lifestyle": (
        "10000000",
        0.03,
        "đời sống, ẩm thực, thời trang, làm đẹp, du lịch trải nghiệm, mua sắm, gia đình, "
        "thú cưng, làm vườn, giải trí",
        "lifestyle, food, fashion, beauty, travel experiences, shopping, family, pets, "
        "gardening, entertainment",
    ),
}
THEME_NAMES = list(THEMES)
THEME_WEIGHTS = [THEMES[t][1] for t in THEME_NAMES]

# slugline stems per theme
TYPES = [("text", 90), ("picture", 5), ("video", 2), ("graphic", 1), ("audio", 1), ("composite", 1)]
# archive states (older than 60 days) and recent ones
OLD_STATES = [("published", 84), ("corrected", 5), ("killed", 1), ("recalled", 1), ("spiked", 9)]
NEW_STATES = [
    ("draft", 12),
    ("in_progress", 15),
    ("submitted", 6),
    ("ready", 4),
    ("scheduled", 1),
    ("published", 52),
    ("corrected", 3),
    ("killed", 1),
    ("recalled", 1),
    ("spiked", 5),
]
LIVE = {"published", "corrected", "killed", "recalled"}
GENRES_VI = ["Tin", "Tin ngắn", "Phóng sự", "Phỏng vấn", "Bình luận", "Tường thuật", "Ghi chép"]
GENRES_EN = ["News", "Brief", "Feature", "Interview", "Analysis", "Report"]
# outlet slug (from seed.OUTLETS) -> share of items, share of English items
OUTLET_MIX = {"tinnguon": (0.42, 0.1), "tinnhanh": (0.32, 0.0), "vietdaily": (0.26, 1.0)}
YEARS = 10


class Zipf:
    """Pick from a list with weight 1/(rank + 2.7)**s: a few entries common, a long tail."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: list[Any], s: float = 1.0):
        self.items = list(items)
        self.cum = list(itertools.accumulate(1 / (r + 2.7) ** s for r in range(len(self.items))))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]

    def picks(self, rng: random.Random, k: int) -> list[Any]:
        cum, total, items = self.cum, self.total, self.items
        return [items[bisect.bisect(cum, rng.random() * total)] for _ in range(k)]


class Weighted:
    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: list[tuple[Any, float]]):
        self.items = [p[0] for p in pairs]
        self.cum = list(itertools.accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]


def _shuffled(items: list[Any], seed: int | str) -> list[Any]:
    out = list(items)
    random.Random(seed).shuffle(out)
    return out


class Vocabulary:
    """The word lists of one language as Zipf pickers; built once per process."""

    def __init__(self, lang: str, topic_codes: dict[str, list[str]]):
        vi = lang == "vi"
        self.lang = lang
        self.function = Zipf(VI_FUNCTION if vi else EN_FUNCTION, 0.9)
        self.nouns = Zipf(VI_NOUNS if vi else EN_NOUNS)
        self.verbs = Zipf(VI_VERBS if vi else EN_VERBS)
        self.adj = Zipf(VI_ADJ if vi else EN_ADJ)
        self.time = Zipf(VI_TIME if vi else EN_TIME)
        self.roles = Zipf(VI_ROLES if vi else EN_ROLES)
        self.orgs = Zipf(VI_ORGS if vi else EN_ORGS)
        self.provinces = Zipf([p[0 if vi else 1] for p in PROVINCES], 0.8)
        self.countries = Zipf([c[0 if vi else 1] for c in COUNTRIES])
        self.theme_words = {
            name: Zipf(_split(spec[2] if vi else spec[3]), 0.9) for name, spec in THEMES.items()
        }
        self.topics = {name: Zipf(codes, 1.1) for name, codes in topic_codes.items()}
        # about 3,000 Vietnamese personal names (about 600 of them common), plus foreigners
        names = [
            f"{s} {m} {g}"
            for s, m, g in itertools.product(SURNAMES, MIDDLE[:12], GIVEN)
            if (len(s) + len(m) + len(g)) % 3 != 1
        ]
        names = _shuffled(names, 7)
        if not vi:
            names = [fold_name(n) for n in names]
        self.people = Zipf(names[:2500] + FOREIGN_PEOPLE, 0.8)
        self.reporters = names[2500:2800]


def fold_name(name: str) -> str:
    """How English copy writes Vietnamese names: without diacritics."""
    decomposed = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Writer:
    """News copy in one language: headlines, sentences, paragraphs."""

    def __init__(self, vocab: Vocabulary, rng: random.Random):
        self.v = vocab
        self.rng = rng
        self.vi = vocab.lang == "vi"

    # small pieces
    def num(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.5:
            return str(rng.randint(2, 99))
        if r < 0.8:
            return str(rng.randint(100, 999))
        n = rng.randint(1, 99) * 1000
        return f"{n:,}".replace(",", "." if self.vi else ",")

    def pct(self) -> str:
        a, b = self.rng.randint(0, 30), self.rng.randint(0, 9)
        return f"{a},{b}%" if self.vi else f"{a}.{b}%"

    def money(self) -> str:
        rng = self.rng
        if self.vi:
            unit = rng.choice(("tỷ đồng", "triệu USD", "nghìn tỷ đồng", "triệu đồng", "tỷ USD"))
        else:
            unit = rng.choice(("billion VND", "million USD", "trillion VND", "billion USD"))
        return f"{self.num()} {unit}"

    def figure(self) -> str:
        return self.pct() if self.rng.random() < 0.6 else self.money()

    def title(self) -> str:
        return "ông" if self.rng.random() < 0.6 else "bà"

    def place(self) -> str:
        return (self.v.countries if self.rng.random() < 0.15 else self.v.provinces).pick(self.rng)

    def person(self) -> str:
        return self.v.people.pick(self.rng)

    def theme_np(self, theme: str) -> str:
        rng, v = self.rng, self.v
        word = v.theme_words[theme].pick(rng)
        r = rng.random()
        if r < 0.25:
            return f"{word} {v.adj.pick(rng)}" if self.vi else f"{v.adj.pick(rng)} {word}"
        if r < 0.45:
            other = v.nouns.pick(rng)
            return (
                f"{word} {'của' if self.vi else 'of'} {other}"
                if rng.random() < 0.3
                else (f"{word} {other}" if self.vi else f"{other} {word}")
            )
        return word

    def np(self, theme: str) -> str:
        rng, v = self.rng, self.v
        if rng.random() < 0.55:
            return self.theme_np(theme)
        noun = v.nouns.pick(rng)
        if rng.random() < 0.3:
            return f"{noun} {v.adj.pick(rng)}" if self.vi else f"{v.adj.pick(rng)} {noun}"
        return noun

    def actor(self) -> str:
        rng, v = self.rng, self.v
        r = rng.random()
        if r < 0.45:
            return v.orgs.pick(rng)
        if r < 0.8:
            if self.vi:
                return f"{v.roles.pick(rng)} {self.person()}"
            return f"{v.roles.pick(rng)} {self.person()}"
        if self.vi:
            return f"UBND tỉnh {v.provinces.pick(rng)}"
        return f"{v.provinces.pick(rng)} authorities"

    def clause(self, theme: str) -> str:
        rng, v = self.rng, self.v
        fn = v.function
        r = rng.random()
        if self.vi:
            if r < 0.22:
                return (
                    f"{self.actor()} {v.verbs.pick(rng)} {self.np(theme)} {fn.pick(rng)} "
                    f"{self.np(theme)} tại {self.place()}"
                )
            if r < 0.38:
                return (
                    f"{self.np(theme)} {v.time.pick(rng)} {rng.choice(('tăng', 'giảm', 'đạt'))} "
                    f"{self.figure()} so với {v.time.pick(rng)}"
                )
            if r < 0.52:
                return (
                    f"theo {self.actor()}, {self.np(theme)} {fn.pick(rng)} {self.np(theme)} "
                    f"{v.adj.pick(rng)} {fn.pick(rng)} {v.nouns.pick(rng)}"
                )
            if r < 0.64:
                return (
                    f"trong {v.time.pick(rng)}, {self.place()} {v.verbs.pick(rng)} "
                    f"{self.num()} {self.np(theme)} với tổng vốn {self.money()}"
                )
            if r < 0.76:
                return (
                    f"{self.np(theme)} {fn.pick(rng)} {fn.pick(rng)} {v.verbs.pick(rng)} "
                    f"{self.np(theme)} {v.adj.pick(rng)} {fn.pick(rng)} {self.np(theme)}"
                )
            if r < 0.88:
                return (
                    f"{rng.choice(('ông', 'bà'))} {self.person()} cho biết {self.np(theme)} "
                    f"{fn.pick(rng)} {v.verbs.pick(rng)} {self.np(theme)} {v.time.pick(rng)}"
                )
            return (
                f"{v.nouns.pick(rng)} {fn.pick(rng)} {v.verbs.pick(rng)} {self.np(theme)} "
                f"{fn.pick(rng)} {self.np(theme)}, {fn.pick(rng)} {v.nouns.pick(rng)} "
                f"{v.adj.pick(rng)}"
            )
        if r < 0.22:
            return (
                f"{self.actor()} will {v.verbs.pick(rng)} {fn.pick(rng)} {self.np(theme)} "
                f"in {self.place()}"
            )
        if r < 0.38:
            return (
                f"{self.np(theme)} {rng.choice(('rose', 'fell', 'reached'))} "
                f"{self.pct() if rng.random() < 0.6 else self.money()} {v.time.pick(rng)}"
            )
        if r < 0.52:
            return (
                f"according to the {v.orgs.pick(rng)}, {self.np(theme)} {fn.pick(rng)} "
                f"{self.np(theme)} remained {v.adj.pick(rng)}"
            )
        if r < 0.64:
            return (
                f"{v.time.pick(rng)}, {self.place()} plans to {v.verbs.pick(rng)} {self.num()} "
                f"{self.np(theme)} worth {self.money()}"
            )
        if r < 0.76:
            return (
                f"the {self.np(theme)} {fn.pick(rng)} {fn.pick(rng)} {self.np(theme)} "
                f"{fn.pick(rng)} {v.adj.pick(rng)} {self.np(theme)}"
            )
        if r < 0.88:
            return (
                f"{self.person()} said the {self.np(theme)} would {v.verbs.pick(rng)} "
                f"{fn.pick(rng)} {self.np(theme)} {v.time.pick(rng)}"
            )
        return (
            f"{fn.pick(rng)} {v.nouns.pick(rng)} {fn.pick(rng)} {self.np(theme)}, "
            f"{fn.pick(rng)} {v.adj.pick(rng)} {v.nouns.pick(rng)} {fn.pick(rng)} {self.np(theme)}"
        )

    def sentence(self, theme: str) -> str:
        rng = self.rng
        parts = [self.clause(theme)]
        if rng.random() < 0.35:
            parts.append(self.clause(theme))
        joiner = rng.choice((", ", "; ", " và " if self.vi else " and "))
        text = joiner.join(parts)
        if rng.random() < 0.08:
            speaker = self.person()
            text = (
                f"“{text[0].upper()}{text[1:]}”, {self.title()} {speaker} nói"
                if self.vi
                else f'"{text[0].upper()}{text[1:]}," {speaker} said'
            )
            return text + "."
        return text[0].upper() + text[1:] + "."

    def headline(self, theme: str) -> str:
        rng, v = self.rng, self.v
        r = rng.random()
        if self.vi:
            if r < 0.3:
                text = f"{self.theme_np(theme)} {rng.choice(('tăng', 'giảm'))} {self.pct()}"
                text += f" {v.time.pick(rng)}"
            elif r < 0.6:
                text = f"{self.actor()} {v.verbs.pick(rng)} {self.theme_np(theme)}"
            elif r < 0.8:
                text = f"{self.place()}: {v.verbs.pick(rng)} {self.theme_np(theme)}"
                text += f" {v.adj.pick(rng)}"
            else:
                text = f"{self.theme_np(theme)} {v.theme_words[theme].pick(rng)} tại {self.place()}"
        elif r < 0.3:
            trend = rng.choice(("up", "down"))
            text = f"{self.theme_np(theme)} {trend} {self.pct()} {v.time.pick(rng)}"
        elif r < 0.6:
            text = f"{self.actor()} to {v.verbs.pick(rng)} {self.theme_np(theme)}"
        elif r < 0.8:
            text = f"{self.place()} {v.verbs.pick(rng)}s {v.adj.pick(rng)} {self.theme_np(theme)}"
        else:
            text = f"{self.theme_np(theme)} in {self.place()}: {v.theme_words[theme].pick(rng)}"
        return text[0].upper() + text[1:]

    def abstract(self, theme: str, place: str) -> str:
        lead = self.sentence(theme)
        if self.vi:
            lead = f"({self.rng.choice(('TTXVN', 'Tin Nhanh', 'TTXVN/Vietnam+'))}) - {lead}"
        else:
            lead = f"{place} (VNA) - {lead}"
        if self.rng.random() < 0.4:
            lead += " " + self.sentence(theme)
        return lead

    def body(self, theme: str, words: int) -> str:
        rng = self.rng
        paragraphs: list[str] = []
        count = 0
        while count < words:
            sentences = [self.sentence(theme) for _ in range(rng.randint(1, 5))]
            para = " ".join(sentences)
            count += para.count(" ") + 1
            tag = "h3" if rng.random() < 0.04 and paragraphs else "p"
            if tag == "h3":
                paragraphs.append(f"<h3>{self.theme_np(theme).capitalize()}</h3>")
            paragraphs.append(f"<p>{para}</p>")
        return "".join(paragraphs)


def topic_codes_by_theme() -> dict[str, list[str]]:
    """Active Media Topic codes under each theme's top-level topic, in a fixed shuffled order."""
    setup_django()
    from toasoan.vocabularies import mediatopics

    out: dict[str, list[str]] = {}
    active = mediatopics.all_topics(include_retired=False)
    for name, spec in THEMES.items():
        top = spec[0]
        codes = [t.code for t in active if t.code == top or top in mediatopics.ancestors(t.code)]
        # level 2-3 topics are the ones editors pick most; the top code itself is rarely used
        common = [c for c in codes if mediatopics.get(c).level in (2, 3)]
        rare = [c for c in codes if c not in common]
        out[name] = _shuffled(common, name) + _shuffled(rare, name)
    return out


def slugify(text: str, vi: bool) -> str:
    words = fold_name(text).lower().replace(":", " ").replace(",", " ").split()
    return "-".join(words[:4])[:128]


# --- per-process state for the worker pool -----------------------------------------------------

_STATE: dict[str, Any] = {}


def _init(plan: dict[str, Any]) -> None:
    _STATE["plan"] = plan
    _STATE["vocab"] = {lang: Vocabulary(lang, plan["topics"]) for lang in ("vi", "en")}


def make_batch(args: tuple[int, int, int]) -> list[dict[str, Any]]:
    """Field values of `count` items; batch `number` of the run seeded with `seed`."""
    seed, number, count = args
    plan, vocabs = _STATE["plan"], _STATE["vocab"]
    rng = random.Random(f"{seed}:{number}")
    outlets = Weighted([(slug, OUTLET_MIX[slug][0]) for slug in plan["outlets"]])
    themes = Weighted(list(zip(THEME_NAMES, THEME_WEIGHTS, strict=True)))
    types = Weighted(TYPES)
    old_states, new_states = Weighted(OLD_STATES), Weighted(NEW_STATES)
    now = plan["now"]
    span = YEARS * 365 * 86400
    rows = []
    for _ in range(count):
        slug = outlets.pick(rng)
        o = plan["outlets"][slug]
        lang = "en" if rng.random() < OUTLET_MIX[slug][1] else "vi"
        vi = lang == "vi"
        vocab = vocabs[lang]
        w = Writer(vocab, rng)
        theme = themes.pick(rng)
        # more items in recent years: age = span * u**1.25
        age = int(span * rng.random() ** 1.25) + rng.randint(600, 3600)
        created = now - timedelta(seconds=age)
        updated = min(now, created + timedelta(seconds=rng.randint(300, 3 * 86400)))
        state = (new_states if age < 60 * 86400 else old_states).pick(rng)
        kind = types.pick(rng)
        headline = w.headline(theme)
        place = w.place()
        words = int(min(900, max(150, rng.lognormvariate(math.log(380), 0.45))))
        if kind in ("picture", "video", "audio", "graphic"):
            words = min(words, rng.randint(20, 120))  # a caption or a short script
        body = w.body(theme, words)
        people = [w.person() for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))]
        orgs = [vocab.orgs.pick(rng) for _ in range(rng.choice((0, 1, 1, 2)))]
        keywords = list(dict.fromkeys(vocab.theme_words[theme].picks(rng, rng.randint(2, 5))))
        subjects = list(dict.fromkeys(vocab.topics[theme].picks(rng, rng.choice((1, 1, 2, 2, 3)))))
        if rng.random() < 0.15:  # a second theme
            other = themes.pick(rng)
            subjects.append(vocab.topics[other].pick(rng))
            subjects = list(dict.fromkeys(subjects))
        desk_id, stage_ids = rng.choice(o["desks"])
        author = rng.choice(o["reporters"])
        chief = rng.choice(o["chiefs"])
        row: dict[str, Any] = {
            "guid": f"urn:newsml:{plan['domain']}:{created:%Y%m%d}:{rng.getrandbits(128):032x}",
            "type": kind,
            "language": lang,
            "state": state,
            "outlet_id": o["id"],
            "desk_id": desk_id,
            "stage_id": rng.choice(stage_ids),
            "headline": headline[:512],
            "slugline": slugify(headline, vi),
            "byline": rng.choice(vocab.reporters) if rng.random() < 0.9 else "",
            "dateline_place": place,
            "dateline_date": created.date(),
            "abstract": w.abstract(theme, place),
            "body_html": body,
            "urgency": rng.choice((3, 4, 4, 5, 5, 5, 5, 6, 6, 2, 1)),
            "priority": rng.choice((4, 5, 5, 6)),
            "genre": rng.choice(GENRES_VI if vi else GENRES_EN),
            "subjects": subjects,
            "places": list(dict.fromkeys([place, *([w.place()] if rng.random() < 0.3 else [])])),
            "people": list(dict.fromkeys(people)),
            "organisations": list(dict.fromkeys(orgs)),
            "keywords": keywords,
            "credit": "TTXVN" if slug == "tinnguon" else "",
            "created_by_id": author,
            "updated_by_id": author if state in ("draft", "in_progress") else chief,
            "created_at": created,
            "updated_at": updated,
        }
        if state in LIVE:
            row["version"] = 1 if state == "published" else 2
            row["first_published_at"] = updated
            row["published_at"] = updated
            row["revision"] = 4
        if state == "killed":
            row["pubstatus"] = "canceled"
            row["kill_reason"] = "Thông tin chưa được kiểm chứng" if vi else "Unverified report"
        elif state == "recalled":
            row["pubstatus"] = "withheld"
        elif state == "scheduled":
            row["publish_at"] = now + timedelta(days=rng.randint(1, 30))
            row["scheduled_by_id"] = chief
        rows.append(row)
    return rows


def build_plan() -> dict[str, Any]:
    """What the generator needs from the organisation, as plain data (for worker processes)."""
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone
    from seed import build_organisation

    with transaction.atomic():
        org = build_organisation()
    outlets = {}
    for slug, o in org.items():
        users = o["users"]
        outlets[slug] = {
            "id": o["outlet"].pk,
            "desks": [(d.pk, [s.pk for s in stages]) for d, stages in o["desks"]],
            "reporters": [u.pk for u in users["reporter"] + users["editor"]],
            "chiefs": [u.pk for u in users["desk_chief"] + users["editor_in_chief"]],
        }
    now = timezone.now().replace(microsecond=0)
    return {
        "outlets": outlets,
        "domain": settings.AGENCY_DOMAIN,
        "now": now.astimezone(UTC),
        "topics": topic_codes_by_theme(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000, help="how many items to add")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument("--batch", type=int, default=BATCH, help="rows per bulk_create batch")
    parser.add_argument(
        "--workers", type=int, default=2, help="processes generating text (0: in this process)"
    )
    parser.add_argument("--force", action="store_true", help="add items even if some exist")
    parser.add_argument("--sample", type=int, default=0, help="print N generated items and stop")
    args = parser.parse_args()

    setup_django()
    from django.db import DatabaseError, connection, transaction

    from toasoan.newsroom.models import Item

    try:
        existing = Item.objects.count()
    except DatabaseError:
        print("search_corpus: the database has no toasoan tables; run `toasoan migrate` first")
        return 1
    if existing and args.items and not args.force and not args.sample:
        print(f"search_corpus: refusing, the database has {existing} items (--force adds more)")
        return 1
    plan = build_plan()
    if args.sample:
        _init(plan)
        for row in make_batch((args.seed, 0, args.sample)):
            print(f"[{row['language']} {row['type']} {row['state']} {row['subjects']}]")
            print(row["headline"])
            print(row["abstract"])
            print(row["body_html"][:600], "...", f"({len(row['body_html'].split())} words)\n")
        return 0

    print(f"search_corpus: {describe_database()}")
    started = time.perf_counter()
    # a run that adds to existing items continues the batch numbering instead of repeating it
    first = existing // args.batch + (1 if existing % args.batch else 0)
    jobs = [
        (args.seed, first + n, min(args.batch, args.items - n * args.batch))
        for n in range((args.items + args.batch - 1) // args.batch)
    ]
    if args.workers > 0:
        connection.close()  # the workers never use the database; do not share the socket
        pool = multiprocessing.get_context("fork").Pool(args.workers, _init, (plan,))
        batches = pool.imap(make_batch, jobs)
    else:
        _init(plan)
        pool = None
        batches = map(make_batch, jobs)
    done, words = 0, 0
    for rows in batches:
        items = [Item(**row) for row in rows]
        with transaction.atomic():
            Item.objects.bulk_create(items)
        done += len(items)
        words += sum(r["body_html"].count(" ") + 1 for r in rows)
        if done % 50_000 < args.batch or done == args.items:
            rate = done / (time.perf_counter() - started)
            print(f"search_corpus: {done}/{args.items} items ({rate:.0f} items/s)", flush=True)
    if pool is not None:
        pool.close()
        pool.join()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    print(
        f"search_corpus: {done} items added in {elapsed:.0f} s "
        f"({done / elapsed:.0f} items/s, {words / max(done, 1):.0f} body words/item)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
