/// The fictional 清溪经济开发区: its towns and parks, industries and the words firms' names are
/// made of, pre-encoded as UTF-8 bytes once.
enum SampleZone {
    /// A town, street or park and the six-digit region code its firms register under.
    struct Region {
        let name: [UInt8]
        let code: [UInt8]
        let weight: Int
    }

    static let regions: [Region] = [
        Region(name: u("清溪街道"), code: u("331002"), weight: 18),
        Region(name: u("东岙镇"), code: u("331003"), weight: 14),
        Region(name: u("新桥镇"), code: u("331003"), weight: 14),
        Region(name: u("滨江工业园"), code: u("331002"), weight: 20),
        Region(name: u("白沙街道"), code: u("331002"), weight: 9),
        Region(name: u("前洋镇"), code: u("331081"), weight: 9),
        Region(name: u("南屿镇"), code: u("331004"), weight: 7),
        Region(name: u("清溪高新园区"), code: u("331002"), weight: 9),
    ]
    static let regionWeightTotal = regions.reduce(0) { $0 + $1.weight }

    /// An industry: GB/T 4754 code and the word used in firm names.
    struct Industry {
        let code: [UInt8]
        let word: [UInt8]
        /// Emits water or air pollutants even when below scale.
        let polluting: Bool
    }

    static let industries: [Industry] = [
        Industry(code: u("C1713"), word: u("印染"), polluting: true),
        Industry(code: u("C1810"), word: u("服饰"), polluting: false),
        Industry(code: u("C1469"), word: u("食品"), polluting: false),
        Industry(code: u("C2231"), word: u("包装"), polluting: false),
        Industry(code: u("C2614"), word: u("化工"), polluting: true),
        Industry(code: u("C2710"), word: u("药业"), polluting: true),
        Industry(code: u("C2651"), word: u("新材料"), polluting: true),
        Industry(code: u("C2927"), word: u("塑业"), polluting: false),
        Industry(code: u("C3360"), word: u("表面处理"), polluting: true),
        Industry(code: u("C3441"), word: u("泵业"), polluting: false),
        Industry(code: u("C3444"), word: u("阀门"), polluting: false),
        Industry(code: u("C3484"), word: u("精密机械"), polluting: false),
        Industry(code: u("C3525"), word: u("模具"), polluting: false),
        Industry(code: u("C3670"), word: u("汽车零部件"), polluting: false),
        Industry(code: u("C3841"), word: u("新能源"), polluting: false),
        Industry(code: u("C3851"), word: u("电器"), polluting: false),
        Industry(code: u("C3982"), word: u("电子科技"), polluting: false),
        Industry(code: u("C4011"), word: u("自动化设备"), polluting: false),
        Industry(code: u("C3589"), word: u("医疗器械"), polluting: false),
    ]

    static let namePrefixes: [[UInt8]] = [
        u("清溪"), u("浙江"), u("台州"), u("东岙"), u("新桥"), u("滨江"), [], [], [],
    ]

    static let brands: [[UInt8]] = [
        "恒力", "华达", "金泰", "宏远", "永盛", "东方", "天宇", "鑫源", "新亚", "正大",
        "海川", "明辉", "博创", "利民", "瑞丰", "中科", "江南", "凯达", "万隆", "信诚",
        "三友", "华美", "宝鼎", "立信", "通达", "安泰", "久盛", "嘉禾", "锦程", "兴业",
        "红星", "银河", "飞鹰", "双林", "九洲", "昌盛", "远大", "德邦", "润泽", "和利",
    ].map(u)

    static let suffixes: [[UInt8]] = [u("有限公司"), u("有限公司"), u("股份有限公司"), u("制造有限公司")]

    /// Second parts that make a name need quoting (`"…有限公司,二分厂"`).
    static let branches: [[UInt8]] = [u(",二分厂"), u(",东厂区"), u(",滨江分公司"), u(",新桥车间")]

    static let exemptReasons: [[UInt8]] = [
        u("政策性搬迁"), u("公用事业"), u("军工保密"), u("破产重整"), u("停产整治"),
    ]

    @inline(__always) static func u(_ s: String) -> [UInt8] { Array(s.utf8) }
}
