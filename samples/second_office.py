"""A second receiving office for the held-out sample set: content the development set never uses.

``python samples/generate.py --office binh-dinh --seed N --out DIR`` renders the same plan of
damage and formats as ``samples/data``, but for another province's Sở Thông tin và Truyền thông
(its own units, stamp codes and units file, ``samples/offices/binh-dinh.toml``), with other
senders, signers' names, citations, topics and recipients, another body font (DejaVu Serif) and
another design of the ĐẾN stamp. Nothing here appears in :mod:`content`, so a held-out figure
measures vocabulary and layout the rules were not written against, not only rendering.

Written, like :mod:`content`, from the rules of Nghị định 30/2020/NĐ-CP and from the domains of
a Sở TT&TT; the bodies and documents cited are real kinds with numbers of their own form.
"""

from __future__ import annotations

from datetime import date

from content import Citation, Issuer, Topic

RECEIVER_PROVINCE = "Bình Định"
RECEIVER = f"Sở Thông tin và Truyền thông tỉnh {RECEIVER_PROVINCE}"
RECEIVER_SHORT = "Sở Thông tin và Truyền thông"
PROPOSER = "Giám đốc Sở Thông tin và Truyền thông"
STAMP_RECEIVER = (["STTTT BÌNH ĐỊNH"], ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "BÌNH ĐỊNH"])
STAMP_STYLES = ("centred", "centred", "centred-short")
FONT_FILES = {
    "r": "DejaVuSerif.ttf", "b": "DejaVuSerif-Bold.ttf", "i": "DejaVuSerif-Italic.ttf",
    "bi": "DejaVuSerif-BoldItalic.ttf", "sans": "DejaVuSans.ttf", "sansb": "DejaVuSans-Bold.ttf",
}
FONT_DIR = "/usr/share/fonts/truetype/dejavu"

UNITS = {
    "VPS": "Văn phòng Sở",
    "TTS": "Thanh tra Sở",
    "BCVT": "Phòng Bưu chính - Viễn thông",
    "QLCNTT": "Phòng Quản lý Công nghệ thông tin",
    "TTBC": "Phòng Thông tin, Báo chí và Xuất bản",
    "CDS": "Trung tâm Chuyển đổi số",
}
UNIT_STAMP_CODE = {"VPS": "VPS", "TTS": "TTS", "BCVT": "P.BC&VT", "QLCNTT": "P.QLCNTT", "TTBC": "P.TTBC",
                   "CDS": "TT.CĐS"}

ISSUERS: list[Issuer] = [
    Issuer(None, "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH", "Ủy ban nhân dân tỉnh Bình Định", "UBND", "Bình Định",
           "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", ("VX", "KT", "NC"),
           seal="ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH"),
    Issuer("UBND TỈNH BÌNH ĐỊNH", "VĂN PHÒNG", "Văn phòng Ủy ban nhân dân tỉnh Bình Định", "VP", "Bình Định",
           None, "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", ("KSTT", "VX", "TTHC"),
           seal="VĂN PHÒNG UBND TỈNH BÌNH ĐỊNH"),
    Issuer("BỘ CÔNG AN", "CỤC AN NINH MẠNG VÀ PHÒNG, CHỐNG\nTỘI PHẠM SỬ DỤNG CÔNG NGHỆ CAO",
           "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao", "A05", "Hà Nội", None,
           "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", ("P1", "P3"), seal="CỤC AN NINH MẠNG"),
    Issuer("UBND TỈNH BÌNH ĐỊNH", "SỞ VĂN HÓA VÀ THỂ THAO", "Sở Văn hóa và Thể thao tỉnh Bình Định", "SVHTT",
           "Bình Định", None, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ("QLVH", "VP"), seal="SỞ VĂN HÓA VÀ THỂ THAO"),
    Issuer("UBND TỈNH BÌNH ĐỊNH", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo tỉnh Bình Định", "SGDĐT",
           "Bình Định", None, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ("GDTrH", "KHTC"), seal="SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
    Issuer(None, "ỦY BAN NHÂN DÂN\nTHỊ XÃ AN NHƠN", "Ủy ban nhân dân thị xã An Nhơn", "UBND", "An Nhơn",
           "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", ("VP", "VH"), seal="ỦY BAN NHÂN DÂN THỊ XÃ AN NHƠN"),
    Issuer("TỈNH ỦY BÌNH ĐỊNH", "BAN DÂN VẬN", "Ban Dân vận Tỉnh ủy Bình Định", "BDVTU", "Quy Nhơn",
           None, "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", (), party=True, seal="BAN DÂN VẬN TỈNH ỦY BÌNH ĐỊNH"),
    Issuer("TẬP ĐOÀN CÔNG NGHIỆP - VIỄN THÔNG\nQUÂN ĐỘI", "VIETTEL BÌNH ĐỊNH", "Viettel Bình Định", "VTBĐ",
           "Quy Nhơn", None, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ("KD", "KT"), seal="VIETTEL BÌNH ĐỊNH"),
    Issuer("TỔNG CÔNG TY BƯU ĐIỆN VIỆT NAM", "BƯU ĐIỆN TỈNH BÌNH ĐỊNH", "Bưu điện tỉnh Bình Định", "BĐBĐ",
           "Quy Nhơn", None, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ("KD", "HCC"), seal="BƯU ĐIỆN TỈNH BÌNH ĐỊNH"),
    Issuer("BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "CỤC BÁO CHÍ", "Cục Báo chí", "CBC", "Hà Nội", None, "CỤC TRƯỞNG",
           "PHÓ CỤC TRƯỞNG", ("TTĐT", "QLBC"), seal="CỤC BÁO CHÍ"),
    Issuer(None, "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI", "Ủy ban nhân dân tỉnh Gia Lai", "UBND", "Gia Lai",
           "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", ("KGVX", "TH"), seal="ỦY BAN NHÂN DÂN TỈNH GIA LAI"),
]

CITATIONS: list[Citation] = [
    Citation("Luật", "20/2023/QH15", date(2023, 6, 22), "Quốc hội", "Giao dịch điện tử", ("edoc", "data")),
    Citation("Nghị định", "13/2023/NĐ-CP", date(2023, 4, 17), "Chính phủ", "về bảo vệ dữ liệu cá nhân",
             ("data", "cyber")),
    Citation("Quyết định", "06/QĐ-TTg", date(2022, 1, 6), "Thủ tướng Chính phủ",
             "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử",
             ("data", "edoc")),
    Citation("Nghị định", "47/2020/NĐ-CP", date(2020, 4, 9), "Chính phủ",
             "về quản lý, kết nối và chia sẻ dữ liệu số của cơ quan nhà nước", ("data",)),
    Citation("Luật", "24/2018/QH14", date(2018, 6, 12), "Quốc hội", "An ninh mạng", ("cyber",)),
    Citation("Nghị định", "53/2022/NĐ-CP", date(2022, 8, 15), "Chính phủ",
             "quy định chi tiết một số điều của Luật An ninh mạng", ("cyber",), (("24/2018/QH14", "Luật"),)),
    Citation("Quyết định", "942/QĐ-TTg", date(2021, 6, 15), "Thủ tướng Chính phủ",
             "phê duyệt Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số", ("edoc", "data")),
    Citation("Nghị định", "119/2020/NĐ-CP", date(2020, 10, 7), "Chính phủ",
             "quy định xử phạt vi phạm hành chính trong hoạt động báo chí, hoạt động xuất bản", ("news",)),
    Citation("Nghị định", "09/2017/NĐ-CP", date(2017, 2, 9), "Chính phủ",
             "quy định chi tiết việc phát ngôn và cung cấp thông tin cho báo chí", ("news",)),
    Citation("Nghị định", "06/2016/NĐ-CP", date(2016, 1, 18), "Chính phủ",
             "về quản lý, cung cấp và sử dụng dịch vụ phát thanh, truyền hình", ("tv",)),
    Citation("Luật", "42/2009/QH12", date(2009, 11, 23), "Quốc hội", "Tần số vô tuyến điện", ("radio",)),
    Citation("Kế hoạch", "58/KH-UBND", date(2021, 4, 12), "Ủy ban nhân dân tỉnh",
             "thực hiện chuyển đổi số tỉnh giai đoạn 2021 - 2025", ("edoc", "data")),
    Citation("Nghị quyết", "09-NQ/TU", date(2021, 8, 30), "Ban Chấp hành Đảng bộ tỉnh",
             "về chuyển đổi số tỉnh đến năm 2025", ("edoc",)),
    Citation("Nghị định", "60/2021/NĐ-CP", date(2021, 6, 21), "Chính phủ",
             "quy định cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập", ("money",)),
    Citation("Luật", "01/2011/QH13", date(2011, 11, 11), "Quốc hội", "Lưu trữ", ("archive",)),
    Citation("Thông tư", "08/2020/TT-BTTTT", date(2020, 4, 13), "Bộ Thông tin và Truyền thông",
             "quy định về danh mục thiết bị vô tuyến điện được miễn giấy phép", ("radio",),
             (("42/2009/QH12", "Luật"),)),
    Citation("Nghị định", "47/2011/NĐ-CP", date(2011, 6, 17), "Chính phủ",
             "quy định chi tiết thi hành một số nội dung của Luật Bưu chính", ("mail",)),
]

TOPICS: list[Topic] = [
    Topic("data", "QLCNTT", ("CDS",),
          ("Kết nối, chia sẻ dữ liệu với Cơ sở dữ liệu quốc gia về dân cư",
           "Triển khai ứng dụng định danh và xác thực điện tử trong giải quyết thủ tục hành chính",
           "Bảo vệ dữ liệu cá nhân trong hoạt động của các cơ quan nhà nước"),
          ("Để làm sạch và đồng bộ dữ liệu, các đơn vị rà soát thông tin công dân trong các cơ sở dữ liệu "
           "chuyên ngành đang quản lý, đối chiếu với Cơ sở dữ liệu quốc gia về dân cư.",
           "Việc khai thác dữ liệu chỉ thực hiện qua nền tảng tích hợp, chia sẻ dữ liệu của tỉnh, không "
           "sao chép dữ liệu ra thiết bị lưu trữ cá nhân.",
           "Mỗi đơn vị phân công một lãnh đạo phụ trách, lập danh mục dữ liệu cá nhân đang xử lý và biện "
           "pháp bảo vệ tương ứng.",
           "Kết quả rà soát gửi về Sở Thông tin và Truyền thông {deadline} để tổng hợp."),
          ("data",), (0, 1, 2, 10), ("Công văn", "Kế hoạch", "Chỉ thị")),
    Topic("cyber", "CDS", ("QLCNTT",),
          ("Phòng, chống tấn công mạng và lừa đảo trực tuyến",
           "Cảnh báo chiến dịch tấn công có chủ đích vào hệ thống thông tin của địa phương",
           "Diễn tập thực chiến bảo đảm an ninh mạng"),
          ("Qua công tác nắm tình hình, cơ quan chức năng phát hiện nhiều tên miền giả mạo cổng dịch vụ công "
           "để thu thập thông tin đăng nhập của cán bộ, công chức.",
           "Đề nghị các đơn vị đổi mật khẩu tài khoản hệ thống, bật xác thực hai yếu tố và không mở tệp đính "
           "kèm từ địa chỉ thư lạ.",
           "Trung tâm giám sát điều hành an ninh mạng của tỉnh theo dõi liên tục, chia sẻ dấu hiệu nhận biết "
           "với các đơn vị trong mạng lưới ứng cứu.",
           "Các đơn vị báo cáo sự cố phát sinh và biện pháp đã xử lý {deadline}."),
          ("cyber",), (2, 0, 1), ("Công văn", "Kế hoạch")),
    Topic("news", "TTBC", ("VPS",),
          ("Chấn chỉnh hoạt động của trang thông tin điện tử tổng hợp",
           "Cung cấp thông tin định kỳ cho báo chí",
           "Quản lý hoạt động của văn phòng đại diện, phóng viên thường trú"),
          ("Thời gian qua, một số trang thông tin điện tử tổng hợp đăng tải tin bài có dấu hiệu hoạt động "
           "như cơ quan báo chí, sử dụng tên miền dễ gây nhầm lẫn.",
           "Người phát ngôn của các cơ quan hành chính nhà nước cung cấp thông tin cho báo chí theo quy chế, "
           "kịp thời, chính xác.",
           "Đề nghị các cơ quan báo chí chấn chỉnh, yêu cầu phóng viên thực hiện đúng quy định khi tác nghiệp "
           "tại địa phương.",
           "Danh sách người phát ngôn được cập nhật và gửi về Sở {deadline}."),
          ("news",), (9, 1, 3, 6), ("Công văn", "Thông báo")),
    Topic("tv", "TTBC", ("BCVT",),
          ("Quản lý dịch vụ phát thanh, truyền hình trả tiền trên địa bàn",
           "Bảo đảm truyền dẫn tín hiệu truyền hình phục vụ nhiệm vụ chính trị"),
          ("Một số đơn vị cung cấp dịch vụ truyền hình trả tiền đưa thêm kênh chương trình chưa được cấp phép "
           "vào danh mục kênh cung cấp cho thuê bao.",
           "Các doanh nghiệp rà soát danh mục kênh, bảo đảm đủ các kênh thiết yếu và thực hiện đúng giấy "
           "phép được cấp.",
           "Phối hợp với đài truyền thanh cấp xã duy trì hoạt động thường xuyên, nội dung phù hợp với "
           "nhiệm vụ địa phương.",
           "Báo cáo số lượng thuê bao và danh mục kênh gửi về Sở {deadline}."),
          ("tv",), (0, 3, 5), ("Công văn", "Hướng dẫn")),
    Topic("radio", "BCVT", ("TTS",),
          ("Xử lý nhiễu có hại đối với đài vô tuyến điện",
           "Quản lý thiết bị phát sóng vô tuyến điện trên địa bàn",
           "Kiểm tra việc sử dụng tần số tại các điểm thu phát sóng"),
          ("Trung tâm Tần số vô tuyến điện khu vực phát hiện nguồn gây nhiễu trên băng tần dành cho hàng hải "
           "tại khu vực cảng biển.",
           "Các tổ chức, cá nhân sử dụng thiết bị phát sóng phải có giấy phép sử dụng tần số, trừ thiết bị "
           "thuộc danh mục được miễn.",
           "Đề nghị các doanh nghiệp tắt thiết bị khuếch đại không phép, phối hợp đoàn kiểm tra khi được "
           "yêu cầu.",
           "Kết quả khắc phục gửi về Sở {deadline}."),
          ("radio",), (7, 0, 5), ("Công văn", "Thông báo")),
    Topic("mail", "BCVT", ("VPS",),
          ("Chi trả trợ cấp xã hội qua mạng bưu chính công ích",
           "Phát triển điểm bưu điện văn hóa xã",
           "Bảo đảm chuyển phát tài liệu của cơ quan Đảng, Nhà nước"),
          ("Mạng bưu chính công cộng tiếp tục mở rộng dịch vụ hành chính công, nhận hồ sơ và trả kết quả "
           "thủ tục hành chính tại nhà.",
           "Bưu điện tỉnh bố trí nhân viên tại các điểm chi trả, bảo đảm đúng đối tượng, đủ số tiền và "
           "đúng thời gian.",
           "Các điểm bưu điện văn hóa xã được trang bị máy tính kết nối mạng để người dân tra cứu thông tin.",
           "Báo cáo tình hình thực hiện gửi về Sở {deadline}."),
          ("mail",), (8, 0, 5), ("Công văn", "Báo cáo")),
    Topic("check", "TTS", ("BCVT",),
          ("Kiểm tra việc quản lý thuê bao di động trả trước",
           "Thanh tra chuyên ngành thông tin và truyền thông năm",
           "Tiếp nhận, xử lý phản ánh về tin nhắn rác, cuộc gọi rác"),
          ("Qua phản ánh của người dân, nhiều thuê bao di động có thông tin không chính xác vẫn được kích "
           "hoạt và sử dụng.",
           "Đoàn kiểm tra làm việc trực tiếp tại các điểm cung cấp dịch vụ viễn thông, đối chiếu hồ sơ đăng "
           "ký với thông tin thuê bao.",
           "Các doanh nghiệp chuẩn bị hồ sơ, báo cáo và cử người làm việc với đoàn kiểm tra.",
           "Báo cáo việc khắc phục tồn tại gửi Thanh tra Sở {deadline}."),
          ("radio", "mail"), (0, 7, 2), ("Công văn", "Kế hoạch", "Quyết định")),
    Topic("money", "VPS", ("TTS",),
          ("Lập dự toán thu, chi ngân sách nhà nước năm",
           "Giao quyền tự chủ tài chính cho đơn vị sự nghiệp công lập"),
          ("Căn cứ tình hình thực hiện nhiệm vụ, các đơn vị xây dựng dự toán sát thực tế, ưu tiên kinh phí "
           "cho nhiệm vụ chuyển đổi số.",
           "Đơn vị sự nghiệp công lập lập phương án tự chủ tài chính giai đoạn tới, báo cáo cơ quan quản lý "
           "cấp trên thẩm định.",
           "Việc mua sắm tài sản thực hiện theo đúng tiêu chuẩn, định mức và quy định về đấu thầu.",
           "Hồ sơ dự toán gửi về Văn phòng Sở {deadline}."),
          ("money",), (0, 1, 4), ("Công văn", "Hướng dẫn", "Quyết định")),
    Topic("archive", "VPS", ("CDS",),
          ("Chỉnh lý tài liệu lưu trữ tồn đọng",
           "Nộp lưu hồ sơ, tài liệu vào Lưu trữ lịch sử tỉnh",
           "Số hóa tài liệu lưu trữ của cơ quan"),
          ("Nhiều cơ quan còn tài liệu tích đống, chưa được phân loại, lập hồ sơ và xác định giá trị.",
           "Các đơn vị lập danh mục hồ sơ, tài liệu thuộc diện nộp lưu, kèm mục lục và văn bản đề nghị "
           "nộp lưu.",
           "Tài liệu sau chỉnh lý được số hóa, cập nhật vào hệ thống quản lý tài liệu lưu trữ điện tử.",
           "Kế hoạch nộp lưu gửi về Sở Văn hóa và Thể thao {deadline}."),
          ("archive",), (3, 1, 0), ("Công văn", "Kế hoạch", "Thông báo")),
]

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đoàn", "Lương", "Tô", "Mai", "Cao", "Châu")
MIDDLES = ("Văn", "Thị", "Đình", "Kim", "Bảo", "Công", "Duy", "Mỹ", "Trọng", "Tấn")
GIVEN = ("Nhân", "Tài", "Lộc", "Phúc", "Vinh", "Trinh", "Diễm", "Nhung", "Quân", "Hiếu", "Tâm", "Kiên",
         "Uyên", "Luân", "Triều", "Sang")

RECIPIENT_POOL = (
    "Các sở, ban, ngành thuộc tỉnh", "Ủy ban nhân dân các huyện, thị xã, thành phố Quy Nhơn",
    "Sở Văn hóa và Thể thao", "Sở Giáo dục và Đào tạo", "Công an tỉnh Bình Định", "Bưu điện tỉnh Bình Định",
    "Viettel Bình Định", "VNPT Bình Định", "Báo Bình Định", "Đài Phát thanh và Truyền hình Bình Định",
    "Ban Dân vận Tỉnh ủy", "Các cơ quan báo chí trên địa bàn tỉnh", "Trung tâm Tần số vô tuyến điện khu vực",
    "Lưu trữ lịch sử tỉnh", "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
    "Các doanh nghiệp bưu chính",
)
