#!/usr/bin/env python3
"""Writes the demo store's customers.csv and leads.csv (deterministic).

All people, companies, addresses, e-mail addresses and phone numbers are fictional:
e-mail addresses use the example.de domain and every phone number's subscriber part
starts with 0, which German numbering never assigns. The committed CSV files are the
source of truth; append new rows at the end so customer numbers stay stable.

Usage: python3 make_contacts.py            (writes next to this script)
"""

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent

PRIVAT = "Privat"
FARM = "Landwirtschaft"
HOBBY = "Hobbyhaltung"
GALABAU = "Garten- und Landschaftsbau"
BILDUNG = "Schule/Kita"

# (name, e-mail, phone, street, postal code, city, customer type, notes)
CUSTOMERS = [
    ("Heinrich Meyer", "heinrich.meyer@example.de", "04441 081234", "Birkenweg 7", "49377", "Vechta", HOBBY, "Hält 12 Legehennen und zwei Hähne; kauft alle zwei Wochen Legemehl 25 kg."),
    ("Gisela Rohe", "gisela.rohe@example.de", "04441 093311", "Am Gulfhaus 3", "49377", "Vechta", PRIVAT, "Stammkundin, Bio-Anbau im eigenen Gemüsegarten; fragt nach torffreier Erde."),
    ("Gartenbau Bruns GmbH", "info@gartenbau-bruns.example.de", "04442 071100", "Industriestraße 22", "49393", "Lohne", GALABAU, "Garten- und Landschaftsbau, pflegt den Sportplatz des SV Lohne; bestellt Rasensaat Sport & Spiel 10 kg und Sportrasendünger."),
    ("Hof Kenkel", "hof@kenkel-bakum.example.de", "04446 045500", "Bakumer Straße 41", "49456", "Bakum", FARM, "Milchviehbetrieb mit 120 Kühen; Lecksteine, Kalkammonsalpeter und Weidesaat."),
    ("Kita Sonnenblume", "leitung@kita-sonnenblume.example.de", "04441 062020", "Schulstraße 5", "49377", "Vechta", BILDUNG, "Kindergarten mit Hochbeet-Projekt; braucht Spielsand, Kinder-Gartensets und Kresse."),
    ("Anneliese Thole", "anneliese.thole@example.de", "04443 038877", "Mühlenstraße 18", "49413", "Dinklage", PRIVAT, "Liebt Rosen, hat Probleme mit Sternrußtau und Blattläusen."),
    ("Bernd Wichmann", "bernd.wichmann@example.de", "04471 052290", "Eschstraße 9", "49661", "Cloppenburg", HOBBY, "Hält 30 Hühner und Laufenten, zieht jedes Frühjahr Küken auf."),
    ("Grundschule Langförden", "sekretariat@gs-langfoerden.example.de", "04447 040101", "Kirchstraße 2", "49377", "Vechta", BILDUNG, "Schulgarten-AG dienstags; Rechnung an den Förderverein, bestellt Saatgut im Februar."),
    ("Maria Kröger", "maria.kroeger@example.de", "04441 077654", "Falkenweg 14", "49377", "Vechta", PRIVAT, "Zwei Katzen; kauft regelmäßig klumpende Katzenstreu und Nassfutter."),
    ("Landschaftsbau Tabeling & Söhne", "buero@tabeling-galabau.example.de", "05491 030450", "Gewerbering 8", "49401", "Damme", GALABAU, "Heckenpflanzungen im großen Stil: Hainbuche wurzelnackt, Kirschlorbeer, Pflanzerde in Paletten."),
    ("Josef Böckmann", "josef.boeckmann@example.de", "04445 029981", "Hagstedter Straße 30", "49429", "Visbek", FARM, "Ackerbau und Schweinemast; Mäuseköder und Fliegenfänger für den Stall."),
    ("Elke Vaske", "elke.vaske@example.de", "04444 016543", "Lindenallee 11", "49424", "Goldenstedt", PRIVAT, "Großer Rasen, kämpft mit Moos und Löwenzahn; hat im Frühjahr vertikutiert."),
    ("Thomas Moormann", "thomas.moormann@example.de", "04441 085512", "Oldenburger Straße 63", "49377", "Vechta", PRIVAT, "Hobbygärtner mit Gewächshaus: Tomaten, Gurken, Paprika. Fragt nach veredelten Pflanzen."),
    ("Reitstall Hohe Geest", "info@reitstall-hohegeest.example.de", "04431 072727", "Heideweg 1", "27793", "Wildeshausen", FARM, "Pensionspferdestall mit 25 Pferden; Pferdemüsli, Mineralfutter und Pferdeweide-Saatgut."),
    ("Sabine Hackmann", "sabine.hackmann@example.de", "0441 0283746", "Donnerschweer Straße 120", "26123", "Oldenburg", PRIVAT, "Balkongärtnerin in der Stadt; Geranien, Balkonkästen und Balkonblumenerde."),
    ("Franz Lampe", "franz.lampe@example.de", "04442 061199", "Brinkstraße 4", "49393", "Lohne", HOBBY, "Hält 6 Hühner im Garten, Hennen legen seit Herbst weniger; Rote Vogelmilbe vermutet."),
    ("Gemeinde Bakum – Bauhof", "bauhof@gemeinde-bakum.example.de", "04446 089000", "Am Bauhof 2", "49456", "Bakum", GALABAU, "Kommunaler Bauhof; Streusalz im Winter, Rindenmulch und Rasensaat für Grünflächen. Rechnung mit Bestellnummer."),
    ("Ursula Pohlmann", "ursula.pohlmann@example.de", "04443 024455", "Quakenbrücker Straße 12", "49413", "Dinklage", PRIVAT, "Grabpflege auf dem Friedhof Dinklage; Graberde, Grablichter und Heide im Herbst."),
    ("Marco Schulte", "marco.schulte@example.de", "04471 093388", "Osterstraße 27", "49661", "Cloppenburg", PRIVAT, "Neubau, legt gerade Rasen und Thuja-Hecke an; braucht Beratung zur Bewässerung."),
    ("Kindergarten St. Marien", "kiga-st-marien@example.de", "04442 050505", "Marienstraße 6", "49393", "Lohne", BILDUNG, "Katholischer Kindergarten; Sandkasten wird jedes Frühjahr mit Spielsand aufgefüllt."),
    ("Hermann Dreher", "hermann.dreher@example.de", "04444 072200", "Ellenstedter Straße 5", "49424", "Goldenstedt", HOBBY, "Brieftaubenzüchter, 80 Tauben; kauft Taubenfutter Zucht in der Reisesaison."),
    ("Obsthof Willenborg", "kontakt@obsthof-willenborg.example.de", "04478 011234", "Elsten 17", "49692", "Cappeln", FARM, "Obstbau mit Hofladen: Äpfel und Erdbeeren; Leimringe, Apfelwickler-Fallen und Netzschwefel."),
    ("Petra Sieve", "petra.sieve@example.de", "04441 068123", "Dornbuschweg 2", "49377", "Vechta", PRIVAT, "Zimmerpflanzen-Fan (Monstera, Orchideen); hatte Trauermücken in der Erde."),
    ("Klaus-Dieter Brengelmann", "kd.brengelmann@example.de", "05492 015566", "Holthausstraße 9", "49439", "Steinfeld", HOBBY, "Hält Zwergkaninchen und Meerschweinchen für die Enkel; Heu und Hobelspäne."),
    ("Grünpflege Arkenau", "info@gruenpflege-arkenau.example.de", "04445 051010", "Rechterfelder Straße 3", "49429", "Visbek", GALABAU, "Kleiner GaLaBau-Betrieb, Grabpflege und Hausmeisterdienste; Unkrautvernichter nur mit Sachkundenachweis."),
    ("Monika Scherbring", "monika.scherbring@example.de", "04441 017788", "Kolpingstraße 21", "49377", "Vechta", PRIVAT, "Stammkundin seit 1998; immer zu Ostern Primeln und Hornveilchen."),
    ("Gymnasium Antonianum – Schulgarten", "schulgarten@antonianum.example.de", "04441 040200", "Bahnhofstraße 10", "49377", "Vechta", BILDUNG, "Bio-AG mit Schulgarten und Bienenstock; bestellt Bienenweide-Saatgut und Phacelia."),
    ("Jürgen Ostendorf", "juergen.ostendorf@example.de", "04473 026655", "Drantumer Straße 8", "49685", "Emstek", FARM, "Nebenerwerbslandwirt mit 20 Schafen; Schaf- und Ziegenfutter, Mineralleckstein."),
    ("Christa Fangmann", "christa.fangmann@example.de", "04474 038899", "Hauptstraße 44", "49681", "Garrel", PRIVAT, "Schnecken fressen jedes Jahr den Salat; nutzt Schneckenkorn Ferramol und Schneckenzaun."),
    ("Lena Bünger", "lena.buenger@example.de", "0441 0567812", "Alexanderstraße 201", "26121", "Oldenburg", PRIVAT, "Urban Gardening auf der Dachterrasse; Hochbeet und Tropfbewässerung."),
    ("Geflügelzuchtverein Vechta e. V.", "vorstand@gzv-vechta.example.de", "04441 090909", "Vereinsheim, Am Sportplatz 1", "49377", "Vechta", HOBBY, "Rassegeflügelverein, 40 Mitglieder; Sammelbestellung Kükenstarter im März."),
    ("Wilhelm Kathmann", "wilhelm.kathmann@example.de", "04446 077001", "Vestruper Straße 2", "49456", "Bakum", HOBBY, "Hält Hühner und zwei Ziegen; bezahlt immer bar."),
    ("Garten- und Landschaftsbau Rießelmann", "info@riesselmann-gala.example.de", "04472 020300", "Gewerbegebiet Ost 5", "49688", "Lastrup", GALABAU, "Großkunde: Rindenmulch, Pflanzerde und Unkrautvlies; Zahlungsziel 30 Tage."),
    ("Birgit Hölscher", "birgit.hoelscher@example.de", "04442 035577", "Dinklager Straße 77", "49393", "Lohne", PRIVAT, "Hund (Labrador) und Katze; kauft Hundetrockenfutter 15 kg und Zeckenhalsband."),
    ("Stefan Niemann", "stefan.niemann@example.de", "05494 012321", "Große Straße 16", "49451", "Holdorf", PRIVAT, "Imker im Nebenerwerb; sät Bienenweide und Phacelia auf Brachflächen."),
    ("Biohof Lüdeke", "info@biohof-luedeke.example.de", "04491 044556", "Moorweg 9", "26169", "Friesoythe", FARM, "Demeter-Gemüsebau; nur Mittel für den ökologischen Landbau, Kulturschutznetze und Nützlinge."),
    ("Karin Evers", "karin.evers@example.de", "04441 052233", "Schützenstraße 3", "49377", "Vechta", PRIVAT, "Rentnerin, Lieferung nach Hause erwünscht (keine schweren Säcke tragen)."),
    ("Waldkindergarten Wurzelzwerge", "team@wurzelzwerge.example.de", "04431 019191", "Forstweg 1", "27793", "Wildeshausen", BILDUNG, "Waldkindergarten; Nistkästen, Insektenhotel und Vogelfutter für das Winterprojekt."),
    ("Dieter Wieferich", "dieter.wieferich@example.de", "04443 090807", "Bünner Straße 25", "49413", "Dinklage", HOBBY, "Koi-Teich im Garten; Teichfischfutter und Gartenpumpe."),
    ("Agrar-Lohnunternehmen Südoldenburg", "dispo@lu-suedoldenburg.example.de", "04447 030303", "Landwehr 12", "49377", "Vechta", FARM, "Lohnunternehmen; Grünlandsaat und Kalkammonsalpeter in Großmengen, Lieferung auf den Hof."),
    ("Irmgard Varnhorn", "irmgard.varnhorn@example.de", "04445 066771", "Bergstraße 6", "49429", "Visbek", PRIVAT, "Buchsbaumhecke vom Buchsbaumzünsler befallen; erwägt Ersatz durch Ilex."),
    ("Kevin Ahlers", "kevin.ahlers@example.de", "04471 041122", "Löninger Straße 50", "49661", "Cloppenburg", HOBBY, "Seit diesem Jahr 4 Hühner im Reihenhausgarten; kaufte Stall, Tränke und Futterautomat."),
    ("Oberschule Dinklage", "schulgarten@obs-dinklage.example.de", "04443 050050", "Am Schulzentrum 1", "49413", "Dinklage", BILDUNG, "Schülerfirma verkauft Kräuter; bestellt Kräutererde und Basilikumsamen."),
    ("Renate Gerdes", "renate.gerdes@example.de", "04444 029090", "Am Moor 15", "49424", "Goldenstedt", PRIVAT, "Rhododendren und Azaleen im Vorgarten; braucht Rhododendronerde und -dünger."),
    ("Gärtnerei Feldhaus", "einkauf@gaertnerei-feldhaus.example.de", "04478 066000", "Cappelner Damm 40", "49692", "Cappeln", GALABAU, "Friedhofsgärtnerei; Graberde, Besenheide und Chrysanthemen in großen Mengen im Herbst."),
    ("Alfons Tönnies", "alfons.toennies@example.de", "05493 072345", "Vördener Straße 19", "49434", "Neuenkirchen-Vörden", FARM, "Legehennenhaltung mit Mobilstall (300 Hennen); Legekorn palettenweise, Milbenspray."),
    ("Julia Rolfes", "julia.rolfes@example.de", "04441 063636", "Große Straße 70", "49377", "Vechta", PRIVAT, "Junge Familie, Sandkasten und Rasen für die Kinder; hat Kundenkarte seit 2023."),
    ("Helmut Sandmann", "helmut.sandmann@example.de", "04473 058585", "Halener Straße 31", "49685", "Emstek", HOBBY, "Hält Laufenten gegen Schnecken im Gemüsegarten; Wassergeflügelfutter."),
    ("Tierpark Oldenburger Münsterland", "einkauf@tierpark-om.example.de", "04471 077700", "Zum Tierpark 1", "49661", "Cloppenburg", FARM, "Kleiner Tierpark mit Ziegen, Schafen und Geflügel; Sammelrechnung monatlich."),
    ("Doris Kemper", "doris.kemper@example.de", "04442 044332", "Vechtaer Straße 88", "49393", "Lohne", PRIVAT, "Wildvögel-Fütterung ganzjährig; kauft Meisenknödel ohne Netz und Sonnenblumenkerne."),
    ("Nico Hasenkamp", "nico.hasenkamp@example.de", "0441 0912345", "Nadorster Straße 45", "26123", "Oldenburg", PRIVAT, "Bestellt online und holt im Markt ab (Click & Collect)."),
    ("Kita Regenbogen", "kita.regenbogen@example.de", "04474 013131", "Am Markt 3", "49681", "Garrel", BILDUNG, "Kita mit Gemüsebeet; Radieschen- und Sonnenblumensamen, Kindergießkannen."),
    ("Theo Hellmann", "theo.hellmann@example.de", "04446 021212", "Lüscher Straße 7", "49456", "Bakum", FARM, "Hobbylandwirt mit 3 Pferden und Heuwiesen; Gartenkalk 25 kg und Pferdemineral."),
    ("Gartenpflege Sommer & Partner", "auftrag@gartenpflege-sommer.example.de", "0441 0454545", "Ammerländer Heerstraße 300", "26129", "Oldenburg", GALABAU, "Pflegt Wohnanlagen in Oldenburg; Rasendünger und Rasensamen Nachsaat in großen Mengen."),
    ("Agnes Schwerter", "agnes.schwerter@example.de", "04443 011199", "Burgstraße 1", "49413", "Dinklage", PRIVAT, "Kundenkarte verloren, neue Karte ausgestellt (alte Nummer gesperrt)."),
    ("Markus Bröring", "markus.broering@example.de", "04472 034343", "Hammstraße 12", "49688", "Lastrup", HOBBY, "Hält Bienen und 8 Hühner; fragt nach Kieselgur gegen Milben."),
    ("Hannelore Wempe", "hannelore.wempe@example.de", "04441 059595", "Neuer Markt 9", "49377", "Vechta", PRIVAT, "Weihnachtsbaum jedes Jahr, Nordmanntanne 150–175 cm, Lieferung am 20. Dezember."),
    ("Förderverein Grundschule Hagstedt", "foerderverein@gs-hagstedt.example.de", "04445 074747", "Schulweg 4", "49429", "Visbek", BILDUNG, "Pflanzaktion jedes Frühjahr mit Eltern; Obstbäume und Beerensträucher."),
    ("Ralf Middendorf", "ralf.middendorf@example.de", "04471 066606", "Emsteker Straße 100", "49661", "Cloppenburg", PRIVAT, "Rasenfan, mäht mit Spindelmäher; Rasen wird im Sommer gelb, Bewässerungscomputer gekauft."),
    ("Meyer Agrar GbR", "info@meyer-agrar.example.de", "04444 098765", "Luttener Straße 3", "49424", "Goldenstedt", FARM, "Nicht verwechseln mit Heinrich Meyer (Hobbyhaltung): Ackerbau, Volldünger NPK und Maisschrot."),
]

# (name, company, e-mail, phone, source, status, interest, notes); status: new|contacted|qualified|lost
LEADS = [
    ("Sven Lammers", "Lammers Gartenbau", "sven.lammers@lammers-gartenbau.example.de", "04442 012300", "Messe", "qualified", "Rasensaat und Dünger für GaLaBau", "Auf der Gartenmesse Oldenburg angesprochen; will Rahmenvertrag für Rasensaat 10 kg und Sportrasendünger."),
    ("Carina Wulf", "", "carina.wulf@example.de", "04441 043210", "Website", "new", "Hühnerhaltung Einstieg", "Kontaktformular: möchte mit 3 Hühnern anfangen, fragt nach Stall und Futter."),
    ("Pfarrer Johannes Pille", "Kath. Kirchengemeinde St. Georg", "pfarrbuero@st-georg-vechta.example.de", "04441 030011", "Telefon", "contacted", "Friedhofspflege und Blumenschmuck", "Angebot für Grablichter und Grabbepflanzung zu Allerheiligen angefragt."),
    ("Lars Timmermann", "SV Emstek e. V.", "platzwart@sv-emstek.example.de", "04473 090900", "Empfehlung", "qualified", "Sportplatzpflege", "Empfohlen von Gartenbau Bruns; Nachsaat und Herbstdünger für zwei Fußballplätze."),
    ("Melanie Grote", "", "melanie.grote@example.de", "04471 018181", "Laden", "new", "Hochbeet mit Kindern", "Im Markt nach Hochbeet-Bausatz und Hochbeeterde gefragt, Angebot erbeten."),
    ("Dr. Frank Hülsmann", "Tierarztpraxis Hülsmann", "praxis@tierarzt-huelsmann.example.de", "04442 055555", "Empfehlung", "contacted", "Kooperation Heimtierbedarf", "Möchte Flyer zu Zeckenschutz im Markt auslegen; Gegenleistung offen."),
    ("Andrea Beckmann", "Kita Pusteblume", "kita.pusteblume@example.de", "04443 066660", "Newsletter", "qualified", "Sandkasten und Schulgarten", "Braucht jährlich 40 Sack Spielsand, Lieferung gewünscht."),
    ("Tobias Vorwerk", "", "tobias.vorwerk@example.de", "0441 0778899", "Social Media", "lost", "Bewässerungscomputer", "Hat online günstiger gekauft."),
    ("Heike Olberding", "Hofcafé Olberding", "info@hofcafe-olberding.example.de", "04445 080808", "Messe", "contacted", "Blumen für Hofcafé", "Wöchentliche Schnittblumen und Kräutertöpfe für die Tische."),
    ("Georg Kalvelage", "Kalvelage Geflügelhof", "georg@kalvelage-gefluegel.example.de", "04446 033333", "Telefon", "qualified", "Legehennenfutter in Großmengen", "Mobilstall mit 500 Hennen, vergleicht Preise für Legekorn 25 kg palettenweise."),
    ("Yvonne Kläne", "", "yvonne.klaene@example.de", "04444 044440", "Website", "new", "Zimmerpflanzen", "Fragt per E-Mail, ob wir Monstera in größeren Töpfen haben."),
    ("Benedikt Rolfes", "Rolfes Immobilienservice", "b.rolfes@rolfes-immo.example.de", "04441 021021", "Empfehlung", "contacted", "Winterdienst und Grünpflege", "Hausmeisterfirma; Streusalz im Winter, Rasen- und Heckenpflege im Sommer."),
    ("Svenja Meyer", "", "svenja.meyer@example.de", "04443 012012", "Laden", "lost", "Katzenklappe", "Produkt war nicht vorrätig, Kundin hat woanders gekauft."),
    ("Matthias Uptmoor", "Reitverein Visbek e. V.", "kasse@reitverein-visbek.example.de", "04445 070707", "Messe", "new", "Pferdefutter und Weidepflege", "Reitverein mit 30 Pferden, möchte Angebot für Pferdemüsli und Weidesaat."),
    ("Nadine Böhmann", "Grundschule Bakum", "nadine.boehmann@gs-bakum.example.de", "04446 010010", "Telefon", "qualified", "Schulgarten-Projekt", "Bienenweide, Insektenhotel und Kinder-Gartensets für 25 Kinder."),
    ("Oliver Schomaker", "", "oliver.schomaker@example.de", "04471 050050", "Website", "new", "Rasen neu anlegen", "Neubau 400 m², fragt nach Rasensamen, Rasenerde und Streuwagen."),
    ("Ingrid Siemer", "Seniorenheim Haus am Park", "verwaltung@haus-am-park.example.de", "04441 099999", "Telefon", "contacted", "Balkonbepflanzung", "40 Balkonkästen im Mai bepflanzt liefern; Geranien und Petunien."),
    ("Jan-Hendrik Arlinghaus", "Arlinghaus Agrar", "jh@arlinghaus-agrar.example.de", "05491 060606", "Messe", "lost", "Düngerlieferung", "Bezieht Dünger weiter direkt über die Genossenschaft."),
    ("Kerstin Willms", "", "kerstin.willms@example.de", "04442 016161", "Newsletter", "new", "Kundenkarte", "Hat sich für den Newsletter angemeldet und fragt nach Vorteilen der Kundenkarte."),
    ("Rainer Diekmann", "Kleingartenverein Vechta-Nord", "vorstand@kgv-vechta-nord.example.de", "04441 070070", "Empfehlung", "qualified", "Sammelbestellung Kleingärtner", "Verein mit 60 Parzellen, Sammelbestellung Saatgut, Saatkartoffeln und Dünger im Frühjahr."),
    ("Daniela Hoping", "", "daniela.hoping@example.de", "04473 023023", "Social Media", "contacted", "Schnecken im Gemüsebeet", "Hat auf Instagram nach Schneckenzaun gefragt, Beratung im Markt vereinbart."),
    ("Michael Stukenborg", "Hotel Zum Lindenhof", "m.stukenborg@lindenhof-hotel.example.de", "04441 080080", "Telefon", "new", "Kübelpflanzen Terrasse", "Olivenbäume und Kübelpflanzenerde für die Hotelterrasse."),
    ("Elisabeth Koopmann", "", "elisabeth.koopmann@example.de", "04444 055050", "Laden", "lost", "Gartenpumpe", "Wartet auf Sonderangebot."),
    ("Patrick Nordlohne", "Hundeschule Pfotenglück", "info@pfotenglueck.example.de", "04442 020202", "Website", "contacted", "Kooperation Hundezubehör", "Hundeschule möchte Rabatt für Kursteilnehmer auf Leinen und Snacks."),
    ("Sandra Wernke", "", "sandra.wernke@example.de", "04441 036363", "Website", "qualified", "Hühner und Gemüsegarten", "Zieht aufs Land, plant 6 Hühner und einen Gemüsegarten; großes Erstausstattungs-Angebot angefragt."),
]


def write_csv(path: Path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main():
    customers = [[f"K-{i:05d}", *row] for i, row in enumerate(CUSTOMERS, start=1)]
    write_csv(
        HERE / "customers.csv",
        ["customer_no", "name", "email", "phone", "street", "postal_code", "city", "customer_type", "notes"],
        customers,
    )
    write_csv(
        HERE / "leads.csv",
        ["name", "company", "email", "phone", "source", "status", "interest", "notes"],
        [list(row) for row in LEADS],
    )
    print(f"customers.csv: {len(customers)} customers; leads.csv: {len(LEADS)} leads")


if __name__ == "__main__":
    main()
