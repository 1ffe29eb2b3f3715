"""Shared helpers of the benchmarks: Django set-up, text generation, percentiles, free ports."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def setup_django() -> None:
    """Configure Django from the environment (TOASOAN_DATA_DIR, DATABASE_URL), as the CLI does."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings")
    import django

    django.setup()


def describe_database() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version} at {settings['NAME']}"
    return (
        f"{connection.vendor} database '{settings['NAME']}' on {settings.get('HOST') or 'socket'}"
    )


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(pct / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    values = sorted(s * 1000 for s in seconds)
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": values[-1] if values else float("nan"),
    }


def code_version() -> str:
    """The commit the benchmark runs against, marked when toasoan/ has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "toasoan"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown commit"
    return f"commit {head or '?'}" + (" + uncommitted changes in toasoan/" if dirty else "")


def load_average() -> str:
    """The machine's 1-minute load average (other processes skew timings on 2 cores)."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- text ------------------------------------------------------------------------------------

PLACES_VI = [
    "Hà Nội",
    "TP Hồ Chí Minh",
    "Đà Nẵng",
    "Huế",
    "Cần Thơ",
    "Hải Phòng",
    "Quảng Ninh",
    "Nghệ An",
    "Lào Cai",
    "Khánh Hòa",
    "Đồng Nai",
    "Bình Dương",
    "Thanh Hóa",
    "Điện Biên",
    "Gia Lai",
    "Đắk Lắk",
    "Cà Mau",
    "An Giang",
    "Quảng Nam",
    "Bắc Ninh",
]
PLACES_EN = [
    "Hanoi",
    "Ho Chi Minh City",
    "Da Nang",
    "Hue",
    "Can Tho",
    "Hai Phong",
    "Quang Ninh",
    "Nghe An",
    "Lao Cai",
    "Khanh Hoa",
    "Dong Nai",
    "Binh Duong",
    "Thanh Hoa",
    "Dien Bien",
]
ACTORS_VI = [
    "Thủ tướng",
    "Bộ Y tế",
    "Ngân hàng Nhà nước",
    "UBND TP Hà Nội",
    "Quốc hội",
    "Bộ Giáo dục và Đào tạo",
    "Tổng cục Thống kê",
    "Bộ Công Thương",
    "Bộ Tài chính",
    "Đội tuyển Việt Nam",
    "Tập đoàn Điện lực Việt Nam",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Giao thông vận tải",
    "Hiệp hội Doanh nghiệp",
    "Viện Hàn lâm Khoa học",
]
DEEDS_VI = [
    "yêu cầu đẩy nhanh giải ngân vốn đầu tư công tại {place}",
    "công bố tăng trưởng GDP quý {n} đạt {pct}%",
    "khởi công dự án cao tốc qua {place}",
    "cảnh báo mưa lớn và lũ quét ở {place}",
    "điều chỉnh lãi suất điều hành, giảm {pct} điểm phần trăm",
    "thông qua nghị quyết về phát triển kinh tế số",
    "ra mắt nền tảng dịch vụ công trực tuyến mới",
    "tăng cường kiểm tra an toàn thực phẩm dịp cuối năm",
    "giành chiến thắng {n}-1 trong trận giao hữu tại {place}",
    "đề xuất mở rộng chương trình chuyển đổi số đến {n} tỉnh",
    "đón {n} triệu lượt khách quốc tế trong {n} tháng",
    "xuất khẩu nông sản tăng {pct}% so với cùng kỳ",
    "hoàn thành sớm {n} dự án nhà ở xã hội tại {place}",
    "tổ chức hội nghị xúc tiến đầu tư tại {place}",
]
ACTORS_EN = [
    "Prime Minister",
    "Ministry of Health",
    "State Bank of Vietnam",
    "Hanoi authorities",
    "National Assembly",
    "Ministry of Education",
    "General Statistics Office",
    "EVN",
    "Vietnam's national team",
    "Ministry of Finance",
    "Ministry of Transport",
]
DEEDS_EN = [
    "urges faster public investment disbursement in {place}",
    "reports Q{n} GDP growth of {pct}%",
    "breaks ground on expressway section through {place}",
    "warns of heavy rain and flash floods in {place}",
    "cuts policy rate by {pct} percentage points",
    "approves resolution on digital economy",
    "launches new online public services portal",
    "steps up food safety inspections ahead of Tet",
    "wins {n}-1 friendly in {place}",
    "welcomes {n} million foreign visitors in {n} months",
    "farm exports up {pct}% year on year",
    "completes {n} social housing projects in {place}",
]
SENTENCE_VI = [
    "Theo {actor}, kết quả này phản ánh nỗ lực của các địa phương trong bối cảnh khó khăn.",
    "Tại {place}, chính quyền đã triển khai đồng bộ các giải pháp nhằm bảo đảm tiến độ đề ra.",
    "Các chuyên gia nhận định đà tăng trưởng sẽ được duy trì trong những tháng cuối năm.",
    "Đại diện {actor} cho biết sẽ tiếp tục tháo gỡ vướng mắc cho doanh nghiệp và người dân.",
    "Trong {n} tháng qua, vốn đăng ký đạt khoảng {n} nghìn tỷ đồng, tăng {pct}% so với cùng kỳ.",
    "Người dân {place} phấn khởi khi các công trình hạ tầng quan trọng được đưa vào sử dụng.",
    "Phóng viên Thông tấn xã ghi nhận không khí khẩn trương tại các công trường trên địa bàn.",
    "Cơ quan chức năng khuyến cáo người dân chủ động theo dõi thông tin và phòng tránh.",
    "Dự kiến đến cuối năm, {n} hạng mục còn lại sẽ hoàn thành và bàn giao theo đúng kế hoạch.",
    "Nhiều ý kiến đề nghị tăng cường phối hợp giữa các bộ, ngành và địa phương thời gian tới.",
    "Báo cáo của {actor} chỉ rõ những tồn tại, hạn chế cần sớm được khắc phục.",
    "Chương trình được đông đảo người dân và doanh nghiệp tại {place} hưởng ứng tích cực.",
]
SENTENCE_EN = [
    "According to the {actor}, the result reflects the efforts of localities despite difficulties.",
    "In {place}, authorities have rolled out measures to keep the project on schedule.",
    "Analysts expect the growth trend to continue over the remaining months of the year.",
    "A representative of the {actor} said the agency would keep removing obstacles for businesses.",
    "Over the past {n} months, registered capital reached {n} trillion dong, up {pct}% on year.",
    "Residents of {place} welcomed the opening of the new infrastructure works.",
    "Reporters saw work proceeding around the clock at construction sites in the area.",
    "Officials advised residents to follow weather updates closely and take precautions.",
    "The remaining {n} components are expected to be completed and handed over by year-end.",
    "Several delegates called for closer coordination between ministries and localities.",
    "The {actor} report pointed out shortcomings that need to be addressed soon.",
    "The programme drew a strong response from residents and businesses in {place}.",
]
BYLINES = [
    "Nguyễn Minh Anh",
    "Trần Thu Hà",
    "Lê Quang Huy",
    "Phạm Thanh Hương",
    "Hoàng Đức Long",
    "Vũ Bảo Ngọc",
    "Đặng Văn Nam",
    "Bùi Thị Lan",
    "Đỗ Hải Đăng",
    "Hồ Ngọc Mai",
]
GENRES = ["Tin", "Tin ngắn", "Phóng sự", "Phỏng vấn", "Bình luận", "Tường thuật"]
SUBJECTS = [
    "01000000",
    "04000000",
    "05000000",
    "06000000",
    "07000000",
    "11000000",
    "13000000",
    "14000000",
    "15000000",
    "17000000",
]


class TextMaker:
    """Headlines and 300-800 word bodies in Vietnamese or English from a sentence pool."""

    def __init__(self, seed: int = 20260101, pool_size: int = 1500):
        self.rng = random.Random(seed)
        self.pool = {lang: self._pool(lang, pool_size) for lang in ("vi", "en")}

    def _fill(self, template: str, lang: str) -> str:
        rng = self.rng
        return template.format(
            actor=rng.choice(ACTORS_VI if lang == "vi" else ACTORS_EN),
            place=rng.choice(PLACES_VI if lang == "vi" else PLACES_EN),
            n=rng.randint(2, 12),
            pct=f"{rng.randint(1, 15)},{rng.randint(0, 9)}"
            if lang == "vi"
            else f"{rng.randint(1, 15)}.{rng.randint(0, 9)}",
        )

    def _pool(self, lang: str, size: int) -> list[tuple[str, int]]:
        templates = SENTENCE_VI if lang == "vi" else SENTENCE_EN
        out = []
        for _ in range(size):
            text = unicodedata.normalize("NFC", self._fill(self.rng.choice(templates), lang))
            out.append((text, len(text.split())))
        return out

    def headline(self, lang: str) -> str:
        rng = self.rng
        if lang == "vi":
            text = f"{rng.choice(ACTORS_VI)} {self._fill(rng.choice(DEEDS_VI), lang)}"
        else:
            text = f"{rng.choice(ACTORS_EN)} {self._fill(rng.choice(DEEDS_EN), lang)}"
        return unicodedata.normalize("NFC", text)

    def sentence(self, lang: str) -> str:
        return self.rng.choice(self.pool[lang])[0]

    def body(self, lang: str, words: int | None = None) -> str:
        """A body of 300-800 words in paragraphs of 2-5 sentences."""
        rng = self.rng
        target = words or rng.randint(300, 800)
        paragraphs, current, count = [], [], 0
        while count < target:
            text, n = rng.choice(self.pool[lang])
            current.append(text)
            count += n
            if len(current) >= rng.randint(2, 5):
                paragraphs.append("<p>" + " ".join(current) + "</p>")
                current = []
        if current:
            paragraphs.append("<p>" + " ".join(current) + "</p>")
        return "".join(paragraphs)

    def place(self, lang: str) -> str:
        return self.rng.choice(PLACES_VI if lang == "vi" else PLACES_EN)
