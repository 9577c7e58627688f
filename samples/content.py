"""Content for the synthetic dispatches: issuers, topics, citations, names.

Everything here is written from the rules of Nghị định 30/2020/NĐ-CP (layout: Phụ lục I;
abbreviations: Phụ lục III; number forms: Điều 15) and from the real domains of the units of a Sở TT&TT. The generator
draws from these lists with a seeded RNG, so the same seed always gives the same documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

RECEIVER_PROVINCE = "Hải Dương"
RECEIVER = f"Sở Thông tin và Truyền thông tỉnh {RECEIVER_PROVINCE}"
RECEIVER_SHORT = "Sở Thông tin và Truyền thông"          # as senders write it in Kính gửi / Nơi nhận
PROPOSER = "Giám đốc Sở Thông tin và Truyền thông"       # "Theo đề nghị của …" in a decision
# the stamp's receiver lines: abbreviated, or in full
STAMP_RECEIVER = (["SỞ TT&TT HẢI DƯƠNG"], ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "TỈNH HẢI DƯƠNG"])
STAMP_STYLES = ("full", "full", "vertical", "nd30")      # the office's ĐẾN stamp designs (samples/ink.py)
# GNU FreeFont (Debian fonts-freefont-ttf): a Times-like serif with every Vietnamese glyph
FONT_FILES = {
    "r": "FreeSerif.ttf", "b": "FreeSerifBold.ttf", "i": "FreeSerifItalic.ttf", "bi": "FreeSerifBoldItalic.ttf",
    "sans": "FreeSans.ttf", "sansb": "FreeSansBold.ttf",
}
FONT_DIR = "/usr/share/fonts/truetype/freefont"

UNITS = {
    "VP": "Văn phòng",
    "TTRA": "Thanh tra",
    "KHTC": "Phòng Kế hoạch - Tài chính",
    "BCVT": "Phòng Bưu chính, Viễn thông",
    "CNTT": "Phòng Công nghệ thông tin",
    "TTBCXB": "Phòng Thông tin - Báo chí - Xuất bản",
    "TTCNTT": "Trung tâm Công nghệ thông tin và Truyền thông",
}
# What a leader writes on the stamp's "Xử lý chính" / "Phối hợp" lines.
UNIT_STAMP_CODE = {"VP": "VP", "TTRA": "TTra", "KHTC": "P.KHTC", "BCVT": "P.BCVT", "CNTT": "P.CNTT",
                   "TTBCXB": "P.TTBCXB", "TTCNTT": "TT CNTT"}


@dataclass(frozen=True)
class Issuer:
    parent: str | None          # caps line above the issuer (not bold), or None
    name_caps: str              # printed issuer line(s), caps; "\n" splits lines
    full: str                   # expanded canonical name (record's document.issuer)
    abbr: str                   # ký hiệu group of the issuer
    place: str                  # địa danh printed before the date
    collective: str | None      # "ỦY BAN NHÂN DÂN" for TM. signatures, else None
    head: str                   # head's title, caps: "CHỦ TỊCH", "GIÁM ĐỐC", "BỘ TRƯỞNG"
    deputy: str                 # deputy's title, caps
    units: tuple[str, ...]      # drafting units for công văn ký hiệu (UBND-VX)
    party: bool = False
    seal: str = ""              # text around the round seal


ISSUERS: list[Issuer] = [
    Issuer(None, "ỦY BAN NHÂN DÂN\nTỈNH HẢI DƯƠNG", "Ủy ban nhân dân tỉnh Hải Dương", "UBND", "Hải Dương",
           "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", ("VP", "KGVX", "TH"),
           seal="ỦY BAN NHÂN DÂN TỈNH HẢI DƯƠNG"),
    Issuer(None, "UỶ BAN NHÂN DÂN\nTỈNH BẮC NINH", "Ủy ban nhân dân tỉnh Bắc Ninh", "UBND", "Bắc Ninh",
           "UỶ BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", ("VX", "KTTH", "NC"),
           seal="UỶ BAN NHÂN DÂN TỈNH BẮC NINH"),
    Issuer("UBND TỈNH HẢI DƯƠNG", "VĂN PHÒNG", "Văn phòng Ủy ban nhân dân tỉnh Hải Dương", "VP", "Hải Dương",
           None, "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", ("KGVX", "TH", "NC"),
           seal="VĂN PHÒNG UBND TỈNH HẢI DƯƠNG"),
    Issuer("BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "CỤC AN TOÀN THÔNG TIN", "Cục An toàn thông tin", "CATTT",
           "Hà Nội", None, "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", ("NCSC", "VP"), seal="CỤC AN TOÀN THÔNG TIN"),
    Issuer(None, "BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "Bộ Thông tin và Truyền thông", "BTTTT", "Hà Nội",
           None, "BỘ TRƯỞNG", "THỨ TRƯỞNG", ("THH", "CBĐTW", "KHTC"), seal="BỘ THÔNG TIN VÀ TRUYỀN THÔNG"),
    Issuer("UBND TỈNH HẢI DƯƠNG", "SỞ NỘI VỤ", "Sở Nội vụ tỉnh Hải Dương", "SNV", "Hải Dương",
           None, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ("TĐKT", "CCHC", "TCBC"), seal="SỞ NỘI VỤ TỈNH HẢI DƯƠNG"),
    Issuer("UBND TỈNH HẢI DƯƠNG", "SỞ TÀI CHÍNH", "Sở Tài chính tỉnh Hải Dương", "STC", "Hải Dương",
           None, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ("QLNS", "TCĐT", "QLG"), seal="SỞ TÀI CHÍNH TỈNH HẢI DƯƠNG"),
    Issuer("UBND TỈNH HẢI DƯƠNG", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư tỉnh Hải Dương", "SKHĐT",
           "Hải Dương", None, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ("TH", "ĐT"), seal="SỞ KẾ HOẠCH VÀ ĐẦU TƯ"),
    Issuer("UBND TỈNH HẢI DƯƠNG", "CÔNG AN TỈNH", "Công an tỉnh Hải Dương", "CAT", "Hải Dương",
           None, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ("PA05", "PV01"), seal="CÔNG AN TỈNH HẢI DƯƠNG"),
    Issuer(None, "ỦY BAN NHÂN DÂN\nHUYỆN GIA LỘC", "Ủy ban nhân dân huyện Gia Lộc", "UBND", "Gia Lộc",
           "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", ("VP", "VHTT"),
           seal="ỦY BAN NHÂN DÂN HUYỆN GIA LỘC"),
    Issuer(None, "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI DƯƠNG", "Ủy ban nhân dân thành phố Hải Dương", "UBND",
           "Hải Dương", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", ("VP", "VHTT"),
           seal="ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI DƯƠNG"),
    Issuer("TỈNH ỦY HẢI DƯƠNG", "BAN TUYÊN GIÁO", "Ban Tuyên giáo Tỉnh ủy Hải Dương", "BTGTU", "Hải Dương",
           None, "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", (), party=True, seal="BAN TUYÊN GIÁO TỈNH ỦY HẢI DƯƠNG"),
    Issuer(None, "TỈNH ỦY HẢI DƯƠNG", "Tỉnh ủy Hải Dương", "TU", "Hải Dương", "BAN THƯỜNG VỤ",
           "BÍ THƯ", "PHÓ BÍ THƯ", (), party=True, seal="TỈNH ỦY HẢI DƯƠNG"),
    Issuer("TẬP ĐOÀN BƯU CHÍNH VIỄN THÔNG\nVIỆT NAM", "VIỄN THÔNG HẢI DƯƠNG", "Viễn thông Hải Dương", "VNPT-HD",
           "Hải Dương", None, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ("KHĐT", "KTĐT"), seal="VIỄN THÔNG HẢI DƯƠNG"),
    Issuer(None, "ỦY BAN NHÂN DÂN\nTỈNH BÀ RỊA - VŨNG TÀU", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "UBND",
           "Bà Rịa - Vũng Tàu", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", ("VP", "VX"),
           seal="ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU"),
    Issuer(None, "ỦY BAN NHÂN DÂN\nTỈNH THỪA THIÊN HUẾ", "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "UBND",
           "Thừa Thiên Huế", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", ("VP", "KGVX"),
           seal="ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ"),
]


@dataclass(frozen=True)
class Citation:
    type: str
    number: str
    date: date
    issuer: str
    title: str = ""             # "An toàn thông tin mạng" for a law
    topics: tuple[str, ...] = ()
    nested: tuple[tuple[str, str], ...] = ()   # (number, type) of documents its title cites


CITATIONS: list[Citation] = [
    Citation("Luật", "86/2015/QH13", date(2015, 11, 19), "Quốc hội", "An toàn thông tin mạng", ("attt",)),
    Citation("Nghị định", "85/2016/NĐ-CP", date(2016, 7, 1), "Chính phủ",
             "về bảo đảm an toàn hệ thống thông tin theo cấp độ", ("attt",)),
    Citation("Chỉ thị", "14/CT-TTg", date(2019, 6, 7), "Thủ tướng Chính phủ",
             "về việc tăng cường bảo đảm an toàn, an ninh mạng", ("attt", "cds")),
    Citation("Quyết định", "749/QĐ-TTg", date(2020, 6, 3), "Thủ tướng Chính phủ",
             "phê duyệt Chương trình Chuyển đổi số quốc gia", ("cds", "portal")),
    Citation("Nghị quyết", "36a/NQ-CP", date(2015, 10, 14), "Chính phủ", "về Chính phủ điện tử", ("cds",)),
    Citation("Nghị định", "64/2007/NĐ-CP", date(2007, 4, 10), "Chính phủ",
             "về ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước", ("cds", "portal")),
    Citation("Nghị định", "30/2020/NĐ-CP", date(2020, 3, 5), "Chính phủ", "về công tác văn thư", ("vp",)),
    Citation("Nghị quyết", "52-NQ/TW", date(2019, 9, 27), "Bộ Chính trị",
             "về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư",
             ("cds",)),
    Citation("Quyết định", "99-QĐ/TW", date(2017, 10, 3), "Ban Chấp hành Trung ương",
             "ban hành khung hướng dẫn công tác tuyên truyền", ("press",)),
    Citation("Kết luận", "01-KL/TW", date(2021, 5, 18), "Bộ Chính trị",
             "về tiếp tục thực hiện Chỉ thị 05-CT/TW", ("press",), (("05-CT/TW", "Chỉ thị"),)),
    Citation("Chỉ thị", "17/2008/CT-TTg", date(2008, 6, 5), "Thủ tướng Chính phủ",
             "về một số biện pháp cấp bách nhằm chấn chỉnh công tác quản lý", ("inspect",)),
    Citation("Luật", "41/2009/QH12", date(2009, 11, 23), "Quốc hội", "Viễn thông", ("telecom",)),
    Citation("Luật", "49/2010/QH12", date(2010, 6, 17), "Quốc hội", "Bưu chính", ("post",)),
    Citation("Nghị định", "25/2011/NĐ-CP", date(2011, 4, 6), "Chính phủ",
             "quy định chi tiết và hướng dẫn thi hành một số điều của Luật Viễn thông", ("telecom",)),
    Citation("Luật", "103/2016/QH13", date(2016, 4, 5), "Quốc hội", "Báo chí", ("press",)),
    Citation("Luật", "80/2012/QH13", date(2012, 11, 20), "Quốc hội", "Xuất bản", ("publish",)),
    Citation("Nghị định", "174/2013/NĐ-CP", date(2013, 11, 13), "Chính phủ",
             "quy định xử phạt vi phạm hành chính trong lĩnh vực bưu chính, viễn thông", ("inspect", "spam")),
    Citation("Nghị định", "15/2020/NĐ-CP", date(2020, 2, 3), "Chính phủ",
             "quy định xử phạt vi phạm hành chính trong lĩnh vực bưu chính, viễn thông", ("inspect", "spam")),
    Citation("Nghị định", "91/2017/NĐ-CP", date(2017, 7, 31), "Chính phủ",
             "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng", ("emul",)),
    Citation("Luật", "83/2015/QH13", date(2015, 6, 25), "Quốc hội", "Ngân sách nhà nước", ("budget",)),
    Citation("Nghị định", "63/2014/NĐ-CP", date(2014, 6, 26), "Chính phủ",
             "quy định chi tiết thi hành một số điều của Luật Đấu thầu", ("procure",)),
    Citation("Thông tư", "03/2017/TT-BTTTT", date(2017, 4, 24), "Bộ Thông tin và Truyền thông",
             "quy định chi tiết và hướng dẫn một số điều của Nghị định số 85/2016/NĐ-CP", ("attt",),
             (("85/2016/NĐ-CP", "Nghị định"),)),
    Citation("Nghị quyết", "01a/NQ-HĐND", date(2019, 7, 12), "Hội đồng nhân dân tỉnh",
             "về kế hoạch đầu tư công", ("budget",)),
    Citation("Quyết định", "1819/QĐ-TTg", date(2015, 10, 26), "Thủ tướng Chính phủ",
             "phê duyệt Chương trình quốc gia về ứng dụng công nghệ thông tin", ("cds", "portal")),
    Citation("Chỉ thị", "05/2014/CT-UBND", date(2014, 4, 2), "Ủy ban nhân dân tỉnh",
             "về tăng cường công tác cải cách hành chính", ("reform",)),
    Citation("Thông báo", "215-TB/TU", date(2018, 8, 14), "Ban Thường vụ Tỉnh ủy",
             "kết luận về công tác tuyên truyền", ("press", "grassroots")),
]


@dataclass(frozen=True)
class Topic:
    key: str
    unit: str                                   # key of UNITS: the unit that handles it
    coordination: tuple[str, ...]
    subjects: tuple[str, ...]                   # trích yếu (for a công văn after "V/v")
    sentences: tuple[str, ...]                  # body sentences; "{deadline}" marks where a deadline goes
    cite_tags: tuple[str, ...]
    issuers: tuple[int, ...] = ()               # indexes into ISSUERS that plausibly send it
    kinds: tuple[str, ...] = field(default=("Công văn",))


TOPICS: list[Topic] = [
    Topic("attt", "CNTT", ("TTCNTT",),
          ("Tăng cường bảo đảm an toàn thông tin mạng trong hoạt động của cơ quan nhà nước",
           "Triển khai giám sát, phòng chống mã độc và ứng cứu sự cố an toàn thông tin mạng",
           "Xác định cấp độ an toàn hệ thống thông tin theo quy định"),
          ("Thời gian gần đây, tình hình mất an toàn thông tin mạng diễn biến phức tạp, nhiều hệ thống "
           "thông tin của cơ quan nhà nước bị tấn công bằng mã độc mã hóa dữ liệu.",
           "Các cơ quan, đơn vị rà soát toàn bộ máy chủ, máy trạm, cài đặt phần mềm phòng chống mã độc "
           "có bản quyền và cập nhật bản vá lỗ hổng bảo mật cho hệ điều hành.",
           "Tổ chức phân loại, xác định cấp độ an toàn hệ thống thông tin, lập hồ sơ đề xuất cấp độ "
           "và phương án bảo đảm an toàn thông tin theo cấp độ.",
           "Khi phát hiện sự cố, kịp thời thông báo cho đội ứng cứu sự cố an toàn thông tin mạng của tỉnh "
           "để phối hợp xử lý, không tự ý khôi phục làm mất dấu vết.",
           "Báo cáo kết quả thực hiện gửi Sở Thông tin và Truyền thông {deadline} để tổng hợp."),
          ("attt",), (0, 1, 3, 4, 8, 14), ("Công văn", "Chỉ thị", "Kế hoạch")),
    Topic("cds", "CNTT", ("VP", "TTCNTT"),
          ("Đẩy mạnh chuyển đổi số và phát triển chính quyền số trên địa bàn tỉnh",
           "Triển khai cung cấp dịch vụ công trực tuyến toàn trình",
           "Kế hoạch ứng dụng công nghệ thông tin, phát triển chính quyền điện tử năm"),
          ("Nhằm nâng cao hiệu quả ứng dụng công nghệ thông tin trong hoạt động của các cơ quan nhà nước, "
           "từng bước xây dựng chính quyền số, kinh tế số và xã hội số.",
           "Các sở, ban, ngành rà soát, chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính để "
           "cung cấp dịch vụ công trực tuyến toàn trình trên Cổng dịch vụ công của tỉnh.",
           "Sử dụng hệ thống quản lý văn bản và điều hành, chữ ký số chuyên dùng trong việc gửi, nhận "
           "văn bản điện tử giữa các cơ quan nhà nước.",
           "Xây dựng cơ sở dữ liệu chuyên ngành, kết nối, chia sẻ dữ liệu qua nền tảng tích hợp, "
           "chia sẻ dữ liệu cấp tỉnh (LGSP).",
           "Giao Sở Thông tin và Truyền thông chủ trì theo dõi, đôn đốc và tổng hợp kết quả, "
           "báo cáo Ủy ban nhân dân tỉnh {deadline}."),
          ("cds",), (0, 1, 2, 4, 9, 10, 15), ("Công văn", "Kế hoạch", "Quyết định", "Chỉ thị")),
    Topic("portal", "TTCNTT", ("CNTT",),
          ("Bảo đảm kỹ thuật hội nghị truyền hình trực tuyến",
           "Tập huấn sử dụng hệ thống thư điện tử công vụ và Cổng thông tin điện tử",
           "Nâng cấp, vận hành Cổng thông tin điện tử của tỉnh"),
          ("Để chuẩn bị cho hội nghị trực tuyến với các điểm cầu cấp huyện, đề nghị bố trí cán bộ kỹ thuật "
           "vận hành thiết bị, kiểm tra đường truyền trước giờ khai mạc ít nhất 60 phút.",
           "Tổ chức lớp tập huấn sử dụng thư điện tử công vụ, cổng thông tin điện tử cho cán bộ, công chức "
           "phụ trách công nghệ thông tin tại các đơn vị.",
           "Thực hiện sao lưu dữ liệu định kỳ, bảo trì máy chủ và thiết bị mạng LAN tại trung tâm dữ liệu.",
           "Các đơn vị gửi danh sách học viên về Trung tâm Công nghệ thông tin và Truyền thông {deadline}."),
          ("portal",), (0, 2, 4, 5, 9), ("Công văn", "Giấy mời", "Thông báo")),
    Topic("telecom", "BCVT", ("TTRA",),
          ("Quản lý, phát triển hạ tầng viễn thông thụ động trên địa bàn tỉnh",
           "Chỉnh trang, ngầm hóa cáp viễn thông và trạm BTS",
           "Quy hoạch hạ tầng kỹ thuật viễn thông thụ động"),
          ("Thời gian qua, việc lắp đặt trạm thu phát sóng thông tin di động (BTS), cột ăng ten và kéo cáp "
           "viễn thông còn tự phát, chưa bảo đảm mỹ quan đô thị.",
           "Các doanh nghiệp viễn thông phối hợp chỉnh trang, ngầm hóa mạng cáp treo, dùng chung cơ sở hạ "
           "tầng kỹ thuật liên ngành theo kế hoạch được phê duyệt.",
           "Ủy ban nhân dân các huyện, thị xã, thành phố hướng dẫn cấp phép xây dựng công trình hạ tầng "
           "viễn thông thụ động theo đúng quy hoạch.",
           "Báo cáo tình hình thực hiện gửi về Sở Thông tin và Truyền thông {deadline}."),
          ("telecom",), (0, 1, 4, 9, 10, 13), ("Công văn", "Kế hoạch", "Quyết định")),
    Topic("post", "BCVT", (),
          ("Bảo đảm hoạt động bưu chính công ích và chuyển phát phục vụ cơ quan Đảng, Nhà nước",
           "Tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích"),
          ("Mạng bưu chính công cộng bảo đảm chuyển phát thư, gói, kiện tài liệu của các cơ quan Đảng, "
           "Nhà nước an toàn, đúng thời gian quy định.",
           "Bưu điện tỉnh chỉ đạo các bưu cục, điểm bưu điện - văn hóa xã tổ chức tiếp nhận hồ sơ và trả "
           "kết quả giải quyết thủ tục hành chính tận nhà cho người dân.",
           "Tổng hợp sản lượng bưu gửi và gửi báo cáo {deadline}."),
          ("post",), (0, 4, 13), ("Công văn", "Kế hoạch")),
    Topic("press", "TTBCXB", ("VP",),
          ("Định hướng tuyên truyền các ngày lễ lớn và sự kiện chính trị của tỉnh",
           "Tổ chức họp báo và cung cấp thông tin cho báo chí",
           "Chấn chỉnh hoạt động của trang thông tin điện tử tổng hợp và mạng xã hội"),
          ("Các cơ quan báo chí, đài truyền thanh cơ sở và trang thông tin điện tử tổng hợp tập trung "
           "tuyên truyền đậm nét các ngày lễ lớn, kỷ niệm của đất nước và của tỉnh.",
           "Người phát ngôn của các cơ quan hành chính nhà nước chủ động cung cấp thông tin cho báo chí, "
           "kịp thời phản bác các thông tin sai sự thật, tin giả trên mạng xã hội.",
           "Tổ chức họp báo định kỳ hằng quý để thông tin về tình hình kinh tế - xã hội của tỉnh.",
           "Đề nghị gửi kết quả thực hiện {deadline} để tổng hợp báo cáo Ban Thường vụ Tỉnh ủy."),
          ("press",), (0, 2, 11, 12, 4), ("Công văn", "Hướng dẫn", "Kế hoạch", "Thông báo")),
    Topic("publish", "TTBCXB", ("TTRA",),
          ("Tăng cường quản lý hoạt động xuất bản, in và phát hành xuất bản phẩm",
           "Phát triển hệ thống thông tin cơ sở và truyền thanh cơ sở"),
          ("Tình trạng in lậu, phát hành xuất bản phẩm không có nguồn gốc hợp pháp vẫn còn diễn ra tại "
           "một số cơ sở in ấn và phát hành trên địa bàn.",
           "Đầu tư, nâng cấp hệ thống đài truyền thanh cơ sở ứng dụng công nghệ thông tin - viễn thông, "
           "bảo đảm thông tin thiết yếu đến được với người dân ở cơ sở.",
           "Báo cáo kết quả rà soát gửi về Sở {deadline}."),
          ("publish", "grassroots"), (0, 1, 11, 9), ("Công văn", "Kế hoạch", "Quyết định")),
    Topic("inspect", "TTRA", ("BCVT",),
          ("Thanh tra, kiểm tra việc chấp hành pháp luật trong lĩnh vực thông tin và truyền thông",
           "Giải quyết đơn khiếu nại, tố cáo của công dân",
           "Xử phạt vi phạm hành chính trong lĩnh vực bưu chính, viễn thông"),
          ("Đoàn kiểm tra liên ngành sẽ tiến hành thanh tra, kiểm tra việc chấp hành pháp luật về thông tin "
           "và truyền thông tại các doanh nghiệp trên địa bàn.",
           "Qua kiểm tra phát hiện một số hành vi vi phạm hành chính, đề nghị lập biên bản và ban hành "
           "quyết định xử phạt theo đúng thẩm quyền.",
           "Đơn khiếu nại, tố cáo của công dân được tiếp nhận và giải quyết theo quy định của pháp luật về "
           "tiếp công dân và phòng, chống tham nhũng.",
           "Kết quả xử lý gửi về Thanh tra Sở {deadline}."),
          ("inspect",), (0, 2, 4, 8), ("Công văn", "Quyết định", "Kế hoạch")),
    Topic("spam", "TTRA", ("BCVT",),
          ("Ngăn chặn tin nhắn rác, cuộc gọi rác và xử lý SIM rác",),
          ("Tình trạng tin nhắn rác, cuộc gọi rác và SIM kích hoạt sẵn thông tin thuê bao vẫn diễn biến phức "
           "tạp, gây bức xúc cho người dân.",
           "Các doanh nghiệp viễn thông rà soát, chuẩn hóa thông tin thuê bao di động, thu hồi SIM rác "
           "theo quy định.",
           "Báo cáo kết quả thực hiện {deadline}."),
          ("spam",), (3, 4, 8), ("Công văn",)),
    Topic("budget", "KHTC", ("VP",),
          ("Xây dựng dự toán ngân sách nhà nước và kế hoạch đầu tư công năm",
           "Thẩm định quyết toán dự án hoàn thành sử dụng vốn đầu tư công"),
          ("Căn cứ tình hình thực hiện nhiệm vụ, các đơn vị xây dựng dự toán thu, chi ngân sách nhà nước, "
           "kế hoạch đầu tư công trung hạn theo đúng biểu mẫu hướng dẫn.",
           "Các chủ đầu tư khẩn trương hoàn thiện hồ sơ quyết toán, đẩy nhanh tiến độ giải ngân vốn đầu tư "
           "công, bảo đảm đúng chế độ tài chính hiện hành.",
           "Hồ sơ dự toán gửi về Sở Tài chính {deadline} để thẩm định, tổng hợp."),
          ("budget",), (6, 7, 0, 2), ("Công văn", "Hướng dẫn", "Thông báo")),
    Topic("procure", "KHTC", (),
          ("Mua sắm tài sản, thiết bị công nghệ thông tin từ nguồn ngân sách nhà nước",),
          ("Việc mua sắm tài sản công phải tuân thủ quy định về đấu thầu, bảo đảm công khai, minh bạch và "
           "tiết kiệm kinh phí.",
           "Các đơn vị lập kế hoạch lựa chọn nhà thầu, dự toán gói thầu trình cấp có thẩm quyền phê duyệt.",
           "Gửi hồ sơ về Sở {deadline}."),
          ("procure",), (6, 7), ("Công văn", "Tờ trình")),
    Topic("emul", "VP", (),
          ("Hướng dẫn công tác thi đua, khen thưởng năm",
           "Tổ chức phong trào thi đua yêu nước và đề nghị khen thưởng"),
          ("Các cơ quan, đơn vị tổ chức bình xét thi đua, khen thưởng bảo đảm chính xác, công khai, công "
           "bằng, đúng đối tượng và tiêu chuẩn.",
           "Hồ sơ đề nghị khen thưởng gửi về Ban Thi đua - Khen thưởng tỉnh (qua Sở Nội vụ) "
           "{deadline}; hồ sơ gửi sau thời hạn trên sẽ không được xem xét."),
          ("emul",), (5, 0, 2), ("Công văn", "Hướng dẫn", "Kế hoạch")),
    Topic("reform", "VP", (),
          ("Đẩy mạnh cải cách hành chính và kiểm soát thủ tục hành chính",
           "Tổ chức hội nghị sơ kết công tác cải cách hành chính"),
          ("Tiếp tục rà soát, đơn giản hóa thủ tục hành chính, nâng cao chất lượng hoạt động của bộ phận "
           "một cửa, chỉ số hài lòng của người dân.",
           "Thực hiện nghiêm quy chế làm việc, chế độ văn thư, lưu trữ và lịch công tác của cơ quan.",
           "Báo cáo công tác cải cách hành chính định kỳ gửi {deadline}."),
          ("reform",), (5, 0, 2, 9), ("Công văn", "Kế hoạch", "Thông báo", "Giấy mời")),
    Topic("staff", "VP", ("KHTC",),
          ("Tuyển dụng công chức, viên chức và bổ nhiệm cán bộ lãnh đạo",
           "Rà soát biên chế, vị trí việc làm và nâng lương trước thời hạn"),
          ("Các đơn vị rà soát biên chế được giao, vị trí việc làm, cơ cấu ngạch công chức để xây dựng kế "
           "hoạch tuyển dụng và bổ nhiệm cán bộ.",
           "Danh sách đề nghị nâng lương trước thời hạn gửi về Sở Nội vụ {deadline}."),
          ("emul",), (5, 0, 2), ("Công văn", "Thông báo")),
]

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh")
MIDDLES = ("Văn", "Thị", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Ngọc", "Xuân", "Thế", "Anh", "Hồng")
GIVEN = ("Minh", "Hùng", "Dũng", "Hòa", "Thủy", "Lan", "Hương", "Tuấn", "Long", "Sơn", "Hải", "Phương",
         "Quý", "Khánh", "Thắng", "Nghĩa", "Cường", "Thảo", "Yến", "Bình", "Đông", "Giang", "Trường", "Việt")

# Recipients typical of each kind of sender; the receiving Sở is always among them.
RECIPIENT_POOL = (
    "Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các huyện, thị xã, thành phố",
    "Sở Nội vụ", "Sở Tài chính", "Văn phòng Tỉnh ủy", "Công an tỉnh", "Bưu điện tỉnh",
    "Viễn thông Hải Dương", "Viettel Hải Dương", "Báo Hải Dương", "Đài Phát thanh và Truyền hình tỉnh",
    "Cổng thông tin điện tử tỉnh", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh", "Chủ tịch, các PCT UBND tỉnh",
    "Bộ Thông tin và Truyền thông", "Ban Tuyên giáo Tỉnh ủy", "Các doanh nghiệp viễn thông",
)
