#include "text/irregular_forms.h"

namespace presser::text {
namespace {

// Where a form belongs to two verbs the more frequent reading in speech wins ("fue": ser; "sé": saber;
// "di": dar; "ven", "viste": ver). Participles that are mostly nouns ("estado", "hecho", "puesto") are
// left out so they stay nouns.
constexpr std::string_view irregular[] = {
    "ser: soy eres es somos sois son fui fuiste fue fuimos fuisteis fueron era eras éramos erais eran "
    "seré serás será seremos seréis serán sería serías seríamos seríais serían sea seas seamos seáis sean "
    "fuera fueras fuéramos fuerais fueran fuese fueses fuésemos fueseis fuesen siendo sido",
    "estar: estoy estás está estamos estáis están estuve estuviste estuvo estuvimos estuvisteis estuvieron "
    "estaba estabas estábamos estabais estaban estaré estarás estará estaremos estaréis estarán estaría "
    "estarías estaríamos estaríais estarían esté estés estemos estéis estén estuviera estuvieras "
    "estuviéramos estuvierais estuvieran estuviese estuviesen estando",
    "ir: voy vas va vamos vais van iba ibas íbamos ibais iban iré irás irá iremos iréis irán iría irías "
    "iríamos iríais irían vaya vayas vayamos vayáis vayan yendo ido id",
    "haber: he has ha hemos habéis han hay había habías habíamos habíais habían hube hubiste hubo hubimos "
    "hubieron habré habrás habrá habremos habréis habrán habría habrías habríamos habríais habrían haya "
    "hayas hayamos hayáis hayan hubiera hubieras hubiéramos hubierais hubieran hubiese hubiesen habiendo "
    "habido",
    "tener: tengo tienes tiene tenemos tenéis tienen tuve tuviste tuvo tuvimos tuvisteis tuvieron tenía "
    "tenías teníamos teníais tenían tendré tendrás tendrá tendremos tendréis tendrán tendría tendrías "
    "tendríamos tendríais tendrían tenga tengas tengamos tengáis tengan tuviera tuvieras tuviéramos "
    "tuvierais tuvieran tuviese tuviesen teniendo tenido",
    "hacer: hago haces hace hacemos hacéis hacen hice hiciste hizo hicimos hicisteis hicieron hacía hacías "
    "hacíamos hacíais hacían haré harás hará haremos haréis harán haría harías haríamos haríais harían "
    "haga hagas hagamos hagáis hagan hiciera hicieras hiciéramos hicierais hicieran hiciese hiciesen haz "
    "haciendo",
    "poder: puedo puedes puede podemos podéis pueden pude pudiste pudo pudimos pudisteis pudieron podía "
    "podías podíamos podíais podían podré podrás podrá podremos podréis podrán podría podrías podríamos "
    "podríais podrían pueda puedas podamos podáis puedan pudiera pudieras pudiéramos pudierais pudieran "
    "pudiese pudiesen pudiendo podido",
    "decir: digo dices dice decimos decís dicen dije dijiste dijo dijimos dijisteis dijeron decía decías "
    "decíamos decíais decían diré dirás dirá diremos diréis dirán diría dirías diríamos diríais dirían "
    "diga digas digamos digáis digan dijera dijeras dijéramos dijerais dijeran dijese dijesen diciendo dicho",
    "dar: doy das da damos dais dan di diste dio dimos disteis dieron daba dabas dábamos dabais daban daré "
    "darás dará daremos daréis darán daría darías daríamos daríais darían dé des demos deis den diera "
    "dieras diéramos dierais dieran diese diesen dando dado",
    "ver: veo ves ve vemos veis ven vi viste vio vimos visteis vieron veía veías veíamos veíais veían veré "
    "verás verá veremos veréis verán vería verías veríamos veríais verían vea veas veamos veáis vean viera "
    "vieras viéramos vierais vieran viese viesen viendo visto",
    "saber: sé sabes sabe sabemos sabéis saben supe supiste supo supimos supisteis supieron sabía sabías "
    "sabíamos sabíais sabían sabré sabrás sabrá sabremos sabréis sabrán sabría sabrías sabríamos sabríais "
    "sabrían sepa sepas sepamos sepáis sepan supiera supieras supiéramos supierais supieran supiese "
    "supiesen sabiendo sabido",
    "querer: quiero quieres quiere queremos queréis quieren quise quisiste quiso quisimos quisisteis "
    "quisieron quería querías queríamos queríais querían querré querrás querrá querremos querréis querrán "
    "querría querrías querríamos querríais querrían quiera quieras queramos queráis quieran quisiera "
    "quisieras quisiéramos quisierais quisieran quisiese quisiesen queriendo querido",
    "venir: vengo vienes viene venimos venís vienen vine viniste vino vinimos vinisteis vinieron venía "
    "venías veníamos veníais venían vendré vendrás vendrá vendremos vendréis vendrán vendría vendrías "
    "vendríamos vendríais vendrían venga vengas vengamos vengáis vengan viniera vinieras viniéramos "
    "vinierais vinieran viniese viniesen viniendo venido",
    "poner: pongo pones pone ponemos ponéis ponen puse pusiste puso pusimos pusisteis pusieron ponía "
    "ponías poníamos poníais ponían pondré pondrás pondrá pondremos pondréis pondrán pondría pondrías "
    "pondríamos pondríais pondrían ponga pongas pongamos pongáis pongan pusiera pusieras pusiéramos "
    "pusierais pusieran pusiese pusiesen pon poniendo",
    "salir: salgo sales sale salimos salís salen salí saliste salió salieron saldré saldrás saldrá "
    "saldremos saldrán saldría saldrían salga salgas salgamos salgan saliera salieran saliendo salido",
    "seguir: sigo sigues sigue seguimos seguís siguen seguí siguió siguieron seguía seguían siga sigas "
    "sigamos sigan siguiera siguieran siguiendo",
    "traer: traigo traes trae traemos traen traje trajo trajimos trajeron traiga traigan trajera trajeran "
    "trayendo traído",
    "conocer: conozco conozca conozcan",
    "deber: debe deben debemos debo debes",
    "perder: pierde pierden pierdo pierdes pierda pierdan",
    "llevar: llevamos",
    "creer: creo cree creemos creen creyó creyeron",
    "oír: oigo oye oyen oímos oyó oyeron oiga oigan",
    // Nouns that hunspell derives from another word ("vida" from "vid") or takes for the feminine of an
    // adjective ("política" -> "político").
    "vida: vida",
    "política: política políticas",
    "técnica: técnica técnicas",
    "música: música",
    "práctica: práctica prácticas",
    // Function words: articles, determiners and pronouns to their citation form, and words the plural
    // rule would wrongly strip ("nos" -> "no", "antes" -> "ante", "más" -> "ma").
    "el: la las los",
    "uno: un una unos unas",
    "este: esta estos estas",
    "ese: esa esos esas",
    "aquel: aquella aquellos aquellas",
    "nuestro: nuestra nuestros nuestras",
    "vuestro: vuestra vuestros vuestras",
    "su: sus",
    "mi: mis",
    "tu: tus",
    "todo: toda todos todas",
    "otro: otra otros otras",
    "mucho: mucha muchos muchas",
    "poco: poca pocos pocas",
    "alguno: alguna algunos algunas algún",
    "ninguno: ninguna ningunos ningunas ningún",
    "mismo: misma mismos mismas",
    "tanto: tanta tantos tantas",
    "cuanto: cuanta cuantos cuantas",
    "cuánto: cuánta cuántos cuántas",
    "cual: cuales",
    "cuál: cuáles",
    "quien: quienes",
    "quién: quiénes",
    "varios: varias",
    "ambos: ambas",
    "nos: nos",
    "les: les",
    "más: más",
    "mas: mas",
    "menos: menos",
    "antes: antes",
    "después: después",
    "además: además",
    "tras: tras",
    "mientras: mientras",
    "pues: pues",
    "entonces: entonces",
    "dos: dos",
    "tres: tres",
    "seis: seis",
    "crisis: crisis",
    "lunes: lunes",
    "martes: martes",
    "miércoles: miércoles",
    "jueves: jueves",
    "viernes: viernes",
    "análisis: análisis",
    "tesis: tesis",
    "dosis: dosis",
    "apenas: apenas",
    "ellos: ellos",
    "ellas: ellas",
    "nosotros: nosotros",
    "ustedes: ustedes",
    "usted: usted",
    "gracias: gracias",
    "cerca: cerca",
    "casi: casi",
    "sino: sino",
    "como: como",
    "cómo: cómo",
    "sobre: sobre",
    "entre: entre",
    "bajo: bajo",
    "que: que",
    "qué: qué",
    "ya: ya",
    "bien: bien",
    "mal: mal",
    "si: si",
    "sí: sí",
    "no: no",
    "hoy: hoy",
    "ahora: ahora",
    "también: también",
    "aquí: aquí",
    "así: así",
    "sólo: sólo",
    "solo: solo",
    "muy: muy",
    "cuando: cuando",
    "donde: donde",
    "porque: porque",
    "hasta: hasta",
    "desde: desde",
    "para: para",
    "por: por",
    "con: con",
    "sin: sin",
    "del: del",
    "al: al",
    "lo: lo",
    "le: le",
    "se: se",
    "me: me",
    "te: te",
    "yo: yo",
    "él: él",
    "ella: ella",
};

}  // namespace

std::span<const std::string_view> spanish_irregular_forms() { return irregular; }

}  // namespace presser::text
